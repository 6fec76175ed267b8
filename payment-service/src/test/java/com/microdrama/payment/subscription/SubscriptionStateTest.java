package com.microdrama.payment.subscription;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.microdrama.payment.subscription.SubscriptionStatus.ACTIVE;
import static com.microdrama.payment.subscription.SubscriptionStatus.CANCELLED;
import static com.microdrama.payment.subscription.SubscriptionStatus.EXPIRED;
import static com.microdrama.payment.subscription.SubscriptionStatus.INCOMPLETE;
import static com.microdrama.payment.subscription.SubscriptionStatus.PAST_DUE;
import static com.microdrama.payment.subscription.SubscriptionStatus.REFUNDED;
import static com.microdrama.payment.subscription.SubscriptionStatus.TRIALING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionStateTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static Instant days(long n) {
        return T0.plus(Duration.ofDays(n));
    }

    private static SubscriptionState trial() {
        return SubscriptionState.start(T0, 7, 3);
    }

    private static SubscriptionState active() {
        return SubscriptionState.start(T0, 30, 0);
    }

    @Test
    void startingWithATrialIsTrialingUntilTheTrialEnds() {
        SubscriptionState s = trial();

        assertEquals(TRIALING, s.status());
        assertTrue(s.inTrial());
        assertEquals(T0, s.startedAt());
        assertEquals(days(3), s.periodEnd());
        assertEquals(days(3), s.accessUntil());
    }

    @Test
    void startingWithoutATrialIsActiveForOnePeriod() {
        SubscriptionState s = active();

        assertEquals(ACTIVE, s.status());
        assertFalse(s.inTrial());
        assertEquals(days(30), s.accessUntil());
    }

    @Test
    void renewingATrialMakesItActiveWithTheNewPeriod() {
        SubscriptionState renewed = trial().renew(days(3), days(10));

        assertEquals(ACTIVE, renewed.status());
        assertFalse(renewed.inTrial());
        assertEquals(days(3), renewed.periodStart());
        assertEquals(days(10), renewed.accessUntil());
        assertEquals(T0, renewed.startedAt());
    }

    @Test
    void aStaleRenewalNeverShortensAccess() {
        SubscriptionState current = active().renew(days(30), days(60));

        assertSame(current, current.renew(T0, days(30)), "an older period changes nothing");
        assertSame(current, current.renew(days(30), days(60)), "the same period again changes nothing");
    }

    @Test
    void renewalWithoutAPeriodStartContinuesFromTheOldEnd() {
        SubscriptionState renewed = active().renew(null, days(60));

        assertEquals(days(30), renewed.periodStart());
    }

    @Test
    void cancelKeepsAccessUntilPeriodEndAndResumeGoesBack() {
        SubscriptionState cancelled = active().cancel(days(5));

        assertEquals(CANCELLED, cancelled.status());
        assertEquals(days(5), cancelled.cancelledAt());
        assertEquals(days(30), cancelled.accessUntil());

        SubscriptionState resumed = cancelled.resume(days(6));
        assertEquals(ACTIVE, resumed.status());
        assertNull(resumed.cancelledAt());
        assertEquals(days(30), resumed.accessUntil());
    }

    @Test
    void aCancelledTrialResumesAsATrial() {
        assertEquals(TRIALING, trial().cancel(days(1)).resume(days(2)).status());
    }

    @Test
    void resumeAfterThePeriodEndedIsRefused() {
        SubscriptionState cancelled = active().cancel(days(5));

        InvalidSubscriptionStateException e = assertThrows(InvalidSubscriptionStateException.class,
                () -> cancelled.resume(days(30)));
        assertEquals(409, e.status());
        assertEquals("invalid-subscription-state", e.slug());
    }

    @Test
    void cancellingTwiceOrResumingALiveSubscriptionIsRefused() {
        assertThrows(InvalidSubscriptionStateException.class, () -> active().cancel(days(1)).cancel(days(2)));
        assertThrows(InvalidSubscriptionStateException.class, () -> active().resume(days(1)));
    }

    @Test
    void aPaidPeriodAfterCancellingExtendsAccessButStaysCancelled() {
        SubscriptionState s = active().cancel(days(5)).renew(days(30), days(60));

        assertEquals(CANCELLED, s.status());
        assertEquals(days(60), s.accessUntil());
    }

    @Test
    void aBillingIssueKeepsAccessThroughTheGracePeriod() {
        SubscriptionState pastDue = active().billingIssue(days(33));

        assertEquals(PAST_DUE, pastDue.status());
        assertEquals(days(33), pastDue.graceUntil());
        assertEquals(days(33), pastDue.accessUntil());
        assertSame(pastDue, pastDue.billingIssue(days(40)), "a repeated billing issue keeps the first grace end");
    }

    @Test
    void paymentAfterABillingIssueRecovers() {
        SubscriptionState recovered = active().billingIssue(days(33)).renew(days(30), days(60));

        assertEquals(ACTIVE, recovered.status());
        assertNull(recovered.graceUntil());
        assertEquals(days(60), recovered.accessUntil());
        assertEquals(ACTIVE, active().billingIssue(days(33)).recover(days(30), days(60)).status());
    }

    @Test
    void recoverIsOnlyForPastDue() {
        assertThrows(InvalidSubscriptionStateException.class, () -> active().recover(days(30), days(60)));
    }

    @Test
    void aPastDueSubscriptionCanBeCancelledAndResumedBackToPastDue() {
        SubscriptionState cancelled = active().billingIssue(days(33)).cancel(days(31));

        assertEquals(CANCELLED, cancelled.status());
        assertEquals(days(33), cancelled.accessUntil(), "grace still counts");
        assertEquals(PAST_DUE, cancelled.resume(days(32)).status());
    }

    @Test
    void aCancelledSubscriptionIsNotBilledAgain() {
        assertThrows(InvalidSubscriptionStateException.class, () -> active().cancel(days(1)).billingIssue(days(33)));
    }

    @Test
    void expiryEndsAccessAtTheGivenInstantAndIsFinal() {
        SubscriptionState expired = active().expire(days(30));

        assertEquals(EXPIRED, expired.status());
        assertEquals(days(30), expired.accessUntil());
        assertThrows(InvalidSubscriptionStateException.class, () -> expired.expire(days(31)));
        assertThrows(InvalidSubscriptionStateException.class, () -> expired.renew(days(30), days(60)));
        assertThrows(InvalidSubscriptionStateException.class, () -> expired.cancel(days(31)));
        assertThrows(InvalidSubscriptionStateException.class, () -> expired.billingIssue(days(33)));
    }

    @Test
    void dueForExpiryOnlyAfterPeriodAndGraceEnded() {
        SubscriptionState pastDue = active().billingIssue(days(33));

        assertFalse(pastDue.dueForExpiry(days(31), Duration.ZERO), "in grace");
        assertTrue(pastDue.dueForExpiry(days(33), Duration.ZERO));
        assertFalse(pastDue.dueForExpiry(days(33), Duration.ofHours(1)), "leeway for a late renewal");
        assertFalse(active().dueForExpiry(days(29), Duration.ZERO));
        assertTrue(active().cancel(days(1)).dueForExpiry(days(30), Duration.ZERO));
        assertFalse(active().expire(days(30)).dueForExpiry(days(40), Duration.ZERO), "already ended");
    }

    @Test
    void refundEndsAccessNowFromAnyStateButOnlyOnce() {
        SubscriptionState refunded = active().refund(days(2));

        assertEquals(REFUNDED, refunded.status());
        assertEquals(days(2), refunded.accessUntil());
        assertEquals(REFUNDED, trial().cancel(days(1)).refund(days(2)).status());
        assertEquals(days(30), active().expire(days(30)).refund(days(40)).accessUntil(), "an expired one stays ended");
        assertThrows(InvalidSubscriptionStateException.class, () -> refunded.refund(days(3)));
        assertThrows(InvalidSubscriptionStateException.class, () -> refunded.resume(days(3)));
        assertThrows(InvalidSubscriptionStateException.class, () -> refunded.renew(days(30), days(60)));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SubscriptionState.start(T0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionState.start(T0, 7, -1));
    }

    // ---- subscriptions a provider must confirm (decision 0018) ------------------------------------------------

    @Test
    void anIncompleteSubscriptionGivesNoAccess() {
        SubscriptionState s = SubscriptionState.incomplete(T0, 30);

        assertEquals(INCOMPLETE, s.status());
        assertFalse(s.status().live());
        assertEquals(T0, s.accessUntil(), "access ends where it starts");
        assertFalse(s.dueForExpiry(days(400), Duration.ZERO), "the expiry job leaves it to the provider");
        assertThrows(InvalidSubscriptionStateException.class, () -> s.cancel(T0));
        assertThrows(InvalidSubscriptionStateException.class, () -> s.billingIssue(days(3)));
        assertThrows(InvalidSubscriptionStateException.class, () -> s.refund(T0));
        assertThrows(InvalidSubscriptionStateException.class, () -> s.expire(T0));
    }

    @Test
    void theProvidersConfirmationStartsTheTrialOrThePaidPeriodItNames() {
        SubscriptionState trialing = SubscriptionState.incomplete(T0, 7).activate(days(1), days(4), true);
        assertEquals(TRIALING, trialing.status());
        assertTrue(trialing.inTrial());
        assertEquals(days(1), trialing.startedAt(), "access starts when the provider says, not when we asked");
        assertEquals(days(4), trialing.accessUntil());

        SubscriptionState paid = SubscriptionState.incomplete(T0, 30).activate(days(1), days(31), false);
        assertEquals(ACTIVE, paid.status());
        assertFalse(paid.inTrial());
        assertEquals(days(31), paid.accessUntil());
    }

    @Test
    void aRepeatedConfirmationChangesNothing() {
        SubscriptionState paid = SubscriptionState.incomplete(T0, 30).activate(T0, days(30), false);

        assertSame(paid, paid.activate(T0, days(30), false));
        assertSame(paid, paid.activate(days(2), days(60), true), "a late confirmation never extends access");
    }

    @Test
    void theFirstPaidInvoiceActivatesAnIncompleteSubscriptionForItsPeriod() {
        SubscriptionState paid = SubscriptionState.incomplete(T0, 30).renew(days(1), days(31));

        assertEquals(ACTIVE, paid.status());
        assertEquals(days(1), paid.startedAt());
        assertEquals(days(31), paid.accessUntil());
    }

    @Test
    void anAbandonedSubscriptionEndsWithoutHavingGivenAccess() {
        SubscriptionState abandoned = SubscriptionState.incomplete(T0, 30).abandon(days(1));

        assertEquals(EXPIRED, abandoned.status());
        assertEquals(days(1), abandoned.endedAt());
        assertThrows(InvalidSubscriptionStateException.class, () -> abandoned.activate(days(1), days(31), false),
                "a confirmation after the abandonment grants nothing");
        assertThrows(InvalidSubscriptionStateException.class, () -> active().abandon(T0));
    }
}
