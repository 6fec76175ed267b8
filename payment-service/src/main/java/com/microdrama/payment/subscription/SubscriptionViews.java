package com.microdrama.payment.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.events.payload.Money;

import java.time.Instant;

public final class SubscriptionViews {
    private SubscriptionViews() {
    }

    public record PlanView(String id, String period, int periodDays, Money price, int trialDays) {
        static PlanView of(SubscriptionPlan p) {
            return new PlanView(p.id, p.period, p.periodDays, new Money(p.priceAmount.toPlainString(), p.currency),
                    p.trialDays);
        }
    }

    /**
     * {@code accessUntil}: VIP access lasts until then (period end, or grace end while PAST_DUE). {@code clientSecret}
     * only in the answer to a new subscription that waits for its first payment (Stripe's confirmation secret of the
     * first invoice, for the app to pay it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionView(String subscriptionId, SubscriptionStatus status, String planId, String provider,
                                   Instant startedAt, Instant currentPeriodStart, Instant currentPeriodEnd,
                                   boolean inTrial, boolean cancelAtPeriodEnd, Instant graceUntil,
                                   Instant accessUntil, Instant cancelledAt, Instant endedAt, Instant createdAt,
                                   String clientSecret) {
        public static SubscriptionView of(Subscription s) {
            return of(s, null);
        }

        public static SubscriptionView of(Subscription s, String clientSecret) {
            return new SubscriptionView(s.id.toString(), s.status, s.planId, s.provider, s.startedAt,
                    s.currentPeriodStart, s.currentPeriodEnd, s.inTrial, s.status == SubscriptionStatus.CANCELLED,
                    s.graceUntil, s.state().accessUntil(), s.cancelledAt, s.endedAt, s.createdAt, clientSecret);
        }
    }
}
