package com.microdrama.payment.subscription;

import java.util.EnumSet;
import java.util.Set;

public enum SubscriptionStatus {
    /**
     * Created at the provider, not confirmed yet (Stripe's {@code incomplete}: the first invoice is unpaid): no access.
     * Becomes TRIALING or ACTIVE on the provider's word, or EXPIRED when abandoned (decision 0018).
     */
    INCOMPLETE,
    /** Free trial; access until the trial ends, then the first charge (or a billing issue). */
    TRIALING,
    /** Paid period running; renews at its end. */
    ACTIVE,
    /** Cancelled at period end: access stays until then, no renewal. Can be resumed before the period ends. */
    CANCELLED,
    /** A renewal charge failed: access kept until the grace period ends, waiting for the provider to recover. */
    PAST_DUE,
    /** Access ended (period and grace over without renewal, or the provider ended it). Final. */
    EXPIRED,
    /** Money given back: access ended at the refund. Final. */
    REFUNDED;

    /** Statuses that still give access and block a second subscription (see the partial unique index). */
    public static final Set<SubscriptionStatus> LIVE = EnumSet.of(TRIALING, ACTIVE, CANCELLED, PAST_DUE);

    /** Statuses a user has open: the live ones and an incomplete one (one per user, the partial unique index). */
    public static final Set<SubscriptionStatus> OPEN = EnumSet.of(INCOMPLETE, TRIALING, ACTIVE, CANCELLED, PAST_DUE);

    public boolean live() {
        return LIVE.contains(this);
    }

    /** Final statuses; only these have an end instant. */
    public boolean ended() {
        return this == EXPIRED || this == REFUNDED;
    }
}
