package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.ledger.PaymentCommand.ChangeSubscription;
import com.microdrama.entitlement.ledger.PaymentCommand.SubscriptionChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VipWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant WEEK_AGO = NOW.minus(Duration.ofDays(7));
    private static final Instant IN_A_WEEK = NOW.plus(Duration.ofDays(7));
    private static final Instant IN_TWO_WEEKS = NOW.plus(Duration.ofDays(14));

    private static ChangeSubscription event(SubscriptionChange change, Instant from, Instant until) {
        return new ChangeSubscription(change, "u-1", "sub-1", from, until, NOW);
    }

    @Test
    void activationOpensThePeriodOfTheEvent() {
        VipWindow w = VipWindow.first(event(SubscriptionChange.ACTIVATED, WEEK_AGO, IN_A_WEEK), NOW);
        assertEquals(WEEK_AGO, w.validFrom());
        assertEquals(IN_A_WEEK, w.validUntil());
        assertFalse(w.revoked());
    }

    @Test
    void renewalExtendsAndALateOlderRenewalNeverShortens() {
        VipWindow w = VipWindow.first(event(SubscriptionChange.ACTIVATED, WEEK_AGO, IN_A_WEEK), NOW)
                .apply(event(SubscriptionChange.RENEWED, IN_A_WEEK, IN_TWO_WEEKS), NOW);
        assertEquals(WEEK_AGO, w.validFrom());
        assertEquals(IN_TWO_WEEKS, w.validUntil());
        VipWindow stale = w.apply(event(SubscriptionChange.RENEWED, WEEK_AGO, IN_A_WEEK), NOW);
        assertEquals(IN_TWO_WEEKS, stale.validUntil());
    }

    @Test
    void cancellationKeepsAccessUntilThePeriodEnds() {
        VipWindow w = VipWindow.first(event(SubscriptionChange.ACTIVATED, WEEK_AGO, IN_A_WEEK), NOW)
                .apply(event(SubscriptionChange.CANCELLED, WEEK_AGO, IN_A_WEEK), NOW);
        assertEquals(IN_A_WEEK, w.validUntil());
        assertFalse(w.revoked());
    }

    @Test
    void expiryEndsAccessAtTheEventsValidUntil() {
        Instant ended = NOW.minusSeconds(60);
        VipWindow w = VipWindow.first(event(SubscriptionChange.ACTIVATED, WEEK_AGO, IN_A_WEEK), NOW)
                .apply(event(SubscriptionChange.EXPIRED, WEEK_AGO, ended), NOW);
        assertEquals(ended, w.validUntil());
        assertFalse(w.revoked());
    }

    @Test
    void refundEndsAccessNowAndRevokes() {
        VipWindow w = VipWindow.first(event(SubscriptionChange.ACTIVATED, WEEK_AGO, IN_A_WEEK), NOW)
                .apply(event(SubscriptionChange.REFUNDED, WEEK_AGO, null), NOW);
        assertEquals(NOW, w.validUntil());
        assertEquals(NOW, w.revokedAt());
        assertTrue(w.revoked());
    }

    @Test
    void aRevokedPeriodIsNotReopenedByALaterRenewal() {
        VipWindow revoked = VipWindow.first(event(SubscriptionChange.REFUNDED, WEEK_AGO, null), NOW);
        assertTrue(revoked.revoked());
        assertSame(revoked, revoked.apply(event(SubscriptionChange.RENEWED, NOW, IN_TWO_WEEKS), NOW));
    }
}
