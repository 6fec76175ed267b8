package com.microdrama.payment.store;

import com.microdrama.events.EventTypes;
import com.microdrama.payment.store.StoreSubscriptionSnapshot.Status;
import com.microdrama.payment.subscription.SubscriptionState;
import com.microdrama.payment.subscription.SubscriptionStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreSyncTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant WEEK_AGO = NOW.minus(Duration.ofDays(7));
    private static final Instant IN_A_WEEK = NOW.plus(Duration.ofDays(7));

    private static StoreSubscriptionSnapshot store(Status status, Instant start, Instant expires, Instant grace,
                                                   Boolean autoRenew, boolean trial) {
        return new StoreSubscriptionSnapshot("orig-1", "vip.weekly", status, start, expires, grace, autoRenew, trial, NOW);
    }

    private static SubscriptionState active(Instant start, Instant end) {
        return SubscriptionState.incomplete(start, 1).activate(start, end, false);
    }

    @Test
    void a_store_subscription_with_access_and_no_open_row_starts_one_with_the_stores_period() {
        List<StoreSync.Step> steps = StoreSync.steps(null, store(Status.ACTIVE, NOW, IN_A_WEEK, null, true, true), NOW);

        assertEquals(1, steps.size());
        SubscriptionState started = assertInstanceOf(StoreSync.Start.class, steps.get(0)).state();
        assertEquals(SubscriptionStatus.TRIALING, started.status());
        assertEquals(NOW, started.periodStart());
        assertEquals(IN_A_WEEK, started.accessUntil());
    }

    @Test
    void an_expired_or_pending_store_subscription_without_a_row_starts_nothing() {
        assertTrue(StoreSync.steps(null, store(Status.EXPIRED, WEEK_AGO, NOW.minusSeconds(1), null, false, false), NOW).isEmpty());
        assertTrue(StoreSync.steps(null, store(Status.PENDING, null, null, null, null, false), NOW).isEmpty());
        assertTrue(StoreSync.steps(null, store(Status.REVOKED, WEEK_AGO, IN_A_WEEK, null, true, false), NOW).isEmpty());
        // a statement that says active but whose period already ended gives no access either
        assertTrue(StoreSync.steps(null, store(Status.ACTIVE, WEEK_AGO, NOW.minusSeconds(1), null, true, false), NOW).isEmpty());
    }

    @Test
    void a_later_period_end_renews_and_an_equal_or_earlier_one_changes_nothing() {
        SubscriptionState ours = active(WEEK_AGO, NOW.plusSeconds(60));

        List<StoreSync.Step> renewed = StoreSync.steps(ours, store(Status.ACTIVE, NOW.plusSeconds(60), IN_A_WEEK, null, true, false), NOW);
        assertEquals(1, renewed.size());
        StoreSync.Change c = assertInstanceOf(StoreSync.Change.class, renewed.get(0));
        assertEquals(EventTypes.SUBSCRIPTION_RENEWED, c.eventType());
        assertEquals(IN_A_WEEK, c.state().accessUntil());
        assertTrue(StoreSync.steps(ours, store(Status.ACTIVE, WEEK_AGO, NOW.plusSeconds(60), null, true, false), NOW).isEmpty());
        assertTrue(StoreSync.steps(ours, store(Status.ACTIVE, WEEK_AGO, NOW.plusSeconds(30), null, true, false), NOW).isEmpty());
    }

    @Test
    void grace_keeps_access_until_the_stores_grace_end_and_a_renewal_recovers() {
        SubscriptionState ours = active(WEEK_AGO, NOW.minusSeconds(60));
        Instant graceEnd = NOW.plus(Duration.ofDays(6));

        List<StoreSync.Step> grace = StoreSync.steps(ours, store(Status.GRACE, WEEK_AGO, NOW.minusSeconds(60), graceEnd, true, false), NOW);
        SubscriptionState pastDue = ((StoreSync.Change) grace.get(0)).state();
        assertEquals(SubscriptionStatus.PAST_DUE, pastDue.status());
        assertEquals(graceEnd, pastDue.accessUntil());

        List<StoreSync.Step> recovered = StoreSync.steps(pastDue, store(Status.ACTIVE, NOW, IN_A_WEEK, null, true, false), NOW);
        SubscriptionState back = ((StoreSync.Change) recovered.get(0)).state();
        assertEquals(SubscriptionStatus.ACTIVE, back.status());
        assertEquals(IN_A_WEEK, back.accessUntil());

        // recovered without a later period end (the store's own period arithmetic): active again, period kept
        SubscriptionState longPastDue = active(WEEK_AGO, IN_A_WEEK).billingIssue(IN_A_WEEK.plus(Duration.ofDays(3)));
        List<StoreSync.Step> resolved = StoreSync.steps(longPastDue,
                store(Status.ACTIVE, WEEK_AGO, NOW.plus(Duration.ofDays(1)), null, true, false), NOW);
        SubscriptionState active = assertInstanceOf(StoreSync.Change.class, resolved.get(0)).state();
        assertEquals(SubscriptionStatus.ACTIVE, active.status());
        assertEquals(IN_A_WEEK, active.accessUntil());
    }

    @Test
    void a_grace_period_known_only_by_its_end_keeps_access_until_then() {
        Instant graceEnd = NOW.plus(Duration.ofDays(3));
        List<StoreSync.Step> steps = StoreSync.steps(active(WEEK_AGO, NOW.minusSeconds(60)),
                store(Status.GRACE, null, null, graceEnd, true, false), NOW);
        SubscriptionState pastDue = assertInstanceOf(StoreSync.Change.class, steps.get(0)).state();
        assertEquals(SubscriptionStatus.PAST_DUE, pastDue.status());
        assertEquals(graceEnd, pastDue.accessUntil());
    }

    @Test
    void billing_retry_without_grace_expired_and_paused_end_access_now() {
        SubscriptionState ours = active(WEEK_AGO, IN_A_WEEK);
        for (Status status : List.of(Status.BILLING_RETRY, Status.EXPIRED, Status.PAUSED)) {
            List<StoreSync.Step> steps = StoreSync.steps(ours, store(status, WEEK_AGO, NOW.minusSeconds(1), null, true, false), NOW);
            assertEquals(1, steps.size(), status.name());
            StoreSync.Change c = assertInstanceOf(StoreSync.Change.class, steps.get(0));
            assertEquals(EventTypes.SUBSCRIPTION_EXPIRED, c.eventType(), status.name());
            assertEquals(NOW, c.state().endedAt(), status.name());
        }
    }

    @Test
    void a_revoked_store_subscription_refunds_the_open_row() {
        List<StoreSync.Step> steps = StoreSync.steps(active(WEEK_AGO, IN_A_WEEK),
                store(Status.REVOKED, WEEK_AGO, IN_A_WEEK, null, true, false), NOW);
        assertEquals(1, steps.size());
        assertInstanceOf(StoreSync.Revoke.class, steps.get(0));
    }

    @Test
    void auto_renew_off_cancels_at_period_end_and_on_again_resumes() {
        SubscriptionState ours = active(WEEK_AGO, IN_A_WEEK);
        List<StoreSync.Step> off = StoreSync.steps(ours, store(Status.ACTIVE, WEEK_AGO, IN_A_WEEK, null, false, false), NOW);
        SubscriptionState cancelled = ((StoreSync.Change) off.get(0)).state();
        assertEquals(SubscriptionStatus.CANCELLED, cancelled.status());
        assertEquals(IN_A_WEEK, cancelled.accessUntil());

        List<StoreSync.Step> on = StoreSync.steps(cancelled, store(Status.ACTIVE, WEEK_AGO, IN_A_WEEK, null, true, false), NOW);
        assertEquals(SubscriptionStatus.ACTIVE, ((StoreSync.Change) on.get(0)).state().status());
        assertEquals(EventTypes.SUBSCRIPTION_ACTIVATED, ((StoreSync.Change) on.get(0)).eventType());

        // unknown renewal status (a bare transaction) leaves the cancellation alone
        assertTrue(StoreSync.steps(cancelled, store(Status.ACTIVE, WEEK_AGO, IN_A_WEEK, null, null, false), NOW).isEmpty());
    }

    @Test
    void a_store_subscription_that_came_back_after_its_row_ended_starts_a_new_row() {
        SubscriptionState ended = active(WEEK_AGO, NOW.minusSeconds(60)).expire(NOW.minusSeconds(60));
        List<StoreSync.Step> steps = StoreSync.steps(ended, store(Status.ACTIVE, NOW, IN_A_WEEK, null, true, false), NOW);
        assertEquals(1, steps.size());
        assertInstanceOf(StoreSync.Start.class, steps.get(0));
    }
}
