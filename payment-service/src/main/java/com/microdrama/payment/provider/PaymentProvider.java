package com.microdrama.payment.provider;

import io.smallrye.mutiny.Uni;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

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

    /**
     * Returns money of a payment: {@code amount} (in {@code currency}), or everything not refunded yet when null.
     * {@code refundId} is our refund's id and the provider's idempotency key, so a retried refund never pays back
     * twice. Empty when the provider holds no money to return (the sandbox).
     */
    Uni<Optional<ProviderRefund>> refund(String providerPaymentId, BigDecimal amount, String currency, UUID refundId);

    /**
     * Returns the money of a subscription's latest paid invoice (the period it grants now), with the same idempotency
     * rule; empty when nothing was paid (a free trial) or the provider holds no money (the sandbox).
     */
    Uni<Optional<ProviderRefund>> refundLatestPayment(String providerSubscriptionId, UUID refundId);

    /** Cancels a payment nobody finished (an abandoned pack purchase), as abandoned. */
    Uni<PaymentCancellation> cancelPayment(String providerPaymentId);

    /** A dispute's status as the provider holds it now ({@code needs_response}, …, {@code won}, {@code lost}). */
    Uni<String> disputeStatus(String disputeId);
}
