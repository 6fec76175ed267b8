package com.microdrama.payment.provider;

import io.smallrye.mutiny.Uni;

/** A payment service provider (sandbox now; Stripe, app stores later). */
public interface PaymentProvider {

    /** The name stored on purchases and sent in events, e.g. {@code sandbox}. */
    String name();

    /**
     * Creates (or, for a repeated {@code request.idempotencyKey()}, returns the same) payment intent. Providers must
     * treat the idempotency key as theirs too, so a retried request never charges twice.
     */
    Uni<PaymentIntent> createPaymentIntent(PaymentIntentRequest request);

    /**
     * Starts a recurring subscription (trialing when {@code request.trialDays() > 0}); the same idempotency rule as
     * for payment intents applies.
     */
    Uni<ProviderSubscription> createSubscription(SubscriptionIntentRequest request);
}
