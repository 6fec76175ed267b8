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

    /**
     * Cancels at the end of the paid period ({@code cancel=true}) or undoes that ({@code false}); the subscription
     * keeps running until then either way.
     */
    Uni<Void> cancelAtPeriodEnd(String providerSubscriptionId, boolean cancel, String idempotencyKey);

    /** Ends a subscription at once at the provider (an abandoned, never paid one). */
    Uni<Void> cancelNow(String providerSubscriptionId);

    /** The subscription as the provider holds it now. */
    Uni<ProviderSubscriptionSnapshot> subscription(String providerSubscriptionId);
}
