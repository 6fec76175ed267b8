package com.microdrama.ops.reconcile;

import java.math.BigDecimal;
import java.util.List;

/**
 * What reconcile-provider compares: our purchases and subscriptions as payment-service stored them, and the same
 * payments as the provider (Stripe) sees them. Amounts on Stripe's side are in the currency's minor units.
 */
public final class ProviderRows {
    private ProviderRows() {
    }

    /**
     * A coin pack purchase. {@code refunded} is the sum of its provider-side refunds recorded here (chargebacks left
     * out: a dispute is not a refund at the provider), {@code refundIds} their refund rows.
     */
    public record Purchase(String id, String userId, String status, String providerPaymentId, BigDecimal priceAmount,
                           String currency, BigDecimal refunded, List<String> refundIds) {
    }

    /** A VIP subscription; {@code refundIds} are its refund rows (chargebacks left out). */
    public record Subscription(String id, String userId, String status, String providerSubscriptionId,
                               List<String> refundIds) {
    }

    /**
     * A PaymentIntent with our metadata. {@code amountRefunded} is its charge's running total of refunds, in minor
     * units; {@code refundIds} the refunds Stripe lists for it that did not fail.
     */
    public record Intent(String id, String status, long amount, String currency, String purchaseId, String userId,
                         long amountRefunded, List<String> refundIds) {
    }

    /**
     * A Stripe subscription with our metadata; {@code refundIds} are the refunds of its invoices' charges (charges
     * carry our {@code subscriptionId} like the subscription does), {@code amountRefunded} their sum.
     */
    public record ProviderSubscription(String id, String status, boolean cancelAtPeriodEnd, String subscriptionId,
                                       String userId, long amountRefunded, List<String> refundIds) {
    }

    /**
     * Both sides of one check. Every provider id one of our rows names is looked for at the provider, so an id absent
     * from {@code intents}/{@code providerSubscriptions} does not exist there.
     */
    public record Snapshot(List<Purchase> purchases, List<Subscription> subscriptions, List<Intent> intents,
                           List<ProviderSubscription> providerSubscriptions) {
    }
}
