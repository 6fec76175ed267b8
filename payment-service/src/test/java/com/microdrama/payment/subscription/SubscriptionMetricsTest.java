package com.microdrama.payment.subscription;

import com.microdrama.events.EventTypes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubscriptionMetricsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final SubscriptionState active = SubscriptionState.start(NOW, 7, 0);

    @Test
    void aRenewalThatMovesThePeriodOnIsRenewed() {
        SubscriptionState renewed = active.renew(active.periodEnd(), active.periodEnd().plusSeconds(7 * 86_400));
        assertEquals(Optional.of("renewed"),
                SubscriptionMetrics.renewalOutcome(active, renewed, EventTypes.SUBSCRIPTION_RENEWED));
    }

    @Test
    void aBillingIssueIsAFailedRenewalOnlyWhenItStarts() {
        SubscriptionState pastDue = active.billingIssue(NOW.plusSeconds(3 * 86_400));
        assertEquals(Optional.of("failed"),
                SubscriptionMetrics.renewalOutcome(active, pastDue, EventTypes.SUBSCRIPTION_RENEWED));
        assertEquals(Optional.empty(), SubscriptionMetrics.renewalOutcome(pastDue, pastDue, EventTypes.SUBSCRIPTION_RENEWED),
                "a repeated failure of the same renewal is not a second one");
    }

    @Test
    void otherChangesAreNoRenewals() {
        SubscriptionState renewed = active.renew(active.periodEnd(), active.periodEnd().plusSeconds(7 * 86_400));
        assertEquals(Optional.empty(), SubscriptionMetrics.renewalOutcome(active, renewed, EventTypes.SUBSCRIPTION_ACTIVATED));
        assertEquals(Optional.empty(), SubscriptionMetrics.renewalOutcome(active, active, EventTypes.SUBSCRIPTION_RENEWED));
    }
}
