package com.microdrama.payment.subscription;

import com.microdrama.events.EventTypes;
import com.microdrama.payment.provider.ProviderSubscriptionSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.microdrama.payment.subscription.SubscriptionStatus.ACTIVE;
import static com.microdrama.payment.subscription.SubscriptionStatus.CANCELLED;
import static com.microdrama.payment.subscription.SubscriptionStatus.EXPIRED;
import static com.microdrama.payment.subscription.SubscriptionStatus.PAST_DUE;
import static com.microdrama.payment.subscription.SubscriptionStatus.TRIALING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderSyncTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Instant days(long n) {
        return T0.plus(Duration.ofDays(n));
    }

    private static ProviderSubscriptionSnapshot stripe(String status, boolean cancelAtPeriodEnd, Instant start, Instant end) {
        return new ProviderSubscriptionSnapshot("sub_1", status, cancelAtPeriodEnd, start, end, "price_1", "vip-weekly", 1999L, "usd");
    }

    private static List<ProviderSync.Change> sync(SubscriptionState ours, ProviderSubscriptionSnapshot theirs) {
        return ProviderSync.changes(ours, theirs, days(1), days(4));
    }

    private static final SubscriptionState INCOMPLETE = SubscriptionState.incomplete(T0, 7);

    @Test
    void stillIncompleteAtTheProviderGivesNothing() {
        assertTrue(sync(INCOMPLETE, stripe("incomplete", false, T0, days(7))).isEmpty());
        assertTrue(sync(INCOMPLETE, stripe("past_due", false, T0, days(7))).isEmpty(), "never paid, never started");
    }

    @Test
    void aTrialTheProviderStartedGivesAccessForTheTrial() {
        List<ProviderSync.Change> changes = sync(INCOMPLETE, stripe("trialing", false, T0, days(3)));

        assertEquals(1, changes.size());
        assertEquals(TRIALING, changes.get(0).state().status());
        assertEquals(days(3), changes.get(0).state().accessUntil());
        assertEquals(EventTypes.SUBSCRIPTION_ACTIVATED, changes.get(0).eventType());
    }

    @Test
    void aPaidFirstPeriodGivesAccessForThatPeriod() {
        List<ProviderSync.Change> changes = sync(INCOMPLETE, stripe("active", false, T0, days(7)));

        assertEquals(ACTIVE, changes.get(0).state().status());
        assertEquals(days(7), changes.get(0).state().accessUntil());
    }

    @Test
    void aRepeatedOrLateEventFindsNothingToChange() {
        SubscriptionState active = INCOMPLETE.activate(T0, days(7), false);

        assertTrue(sync(active, stripe("active", false, T0, days(7))).isEmpty());
        assertTrue(sync(active, stripe("active", false, days(7), days(14))).isEmpty(),
                "a later period comes with its paid invoice, not from the subscription object");
    }

    @Test
    void cancelAtPeriodEndCancelsAndItsUndoResumes() {
        SubscriptionState active = INCOMPLETE.activate(T0, days(7), false);

        List<ProviderSync.Change> cancelled = sync(active, stripe("active", true, T0, days(7)));
        assertEquals(CANCELLED, cancelled.get(0).state().status());
        assertEquals(EventTypes.SUBSCRIPTION_CANCELLED, cancelled.get(0).eventType());
        assertEquals(days(7), cancelled.get(0).state().accessUntil(), "access stays until the period ends");

        List<ProviderSync.Change> resumed = sync(cancelled.get(0).state(), stripe("active", false, T0, days(7)));
        assertEquals(ACTIVE, resumed.get(0).state().status());
        assertEquals(EventTypes.SUBSCRIPTION_ACTIVATED, resumed.get(0).eventType());
    }

    @Test
    void aConfirmationSeenAfterTheUserCancelledStartsAndCancelsInOrder() {
        List<ProviderSync.Change> changes = sync(INCOMPLETE, stripe("trialing", true, T0, days(3)));

        assertEquals(List.of(TRIALING, CANCELLED), changes.stream().map(c -> c.state().status()).toList());
    }

    @Test
    void aFailedRenewalKeepsAccessForTheGracePeriod() {
        SubscriptionState active = INCOMPLETE.activate(T0, days(1), false);

        List<ProviderSync.Change> changes = sync(active, stripe("past_due", false, days(1), days(8)));
        assertEquals(PAST_DUE, changes.get(0).state().status());
        assertEquals(days(4), changes.get(0).state().accessUntil());
        assertTrue(sync(changes.get(0).state(), stripe("unpaid", false, days(1), days(8))).isEmpty(),
                "the first grace end stands");
    }

    @Test
    void canceledAtTheProviderEndsAccessNowAndAnAbandonedOneWithoutAnEvent() {
        SubscriptionState active = INCOMPLETE.activate(T0, days(7), false);

        List<ProviderSync.Change> ended = sync(active, stripe("canceled", false, T0, days(7)));
        assertEquals(EXPIRED, ended.get(0).state().status());
        assertEquals(days(1), ended.get(0).state().endedAt());
        assertEquals(EventTypes.SUBSCRIPTION_EXPIRED, ended.get(0).eventType());

        List<ProviderSync.Change> abandoned = sync(INCOMPLETE, stripe("incomplete_expired", false, T0, days(7)));
        assertEquals(EXPIRED, abandoned.get(0).state().status());
        assertNull(abandoned.get(0).eventType(), "the entitlements never heard of it");
        assertTrue(sync(abandoned.get(0).state(), stripe("active", false, T0, days(7))).isEmpty());
    }
}
