package com.microdrama.payment.provider;

/**
 * The provider's answer to a new subscription. {@code clientSecret} lets the app pay the first invoice (Stripe's
 * confirmation secret); {@code customerId} is the provider's customer it belongs to (null for providers without
 * customers).
 */
public record ProviderSubscription(String providerSubscriptionId, Status status, String clientSecret,
                                   String customerId) {
    public enum Status {
        /** Waiting for the provider's confirmation (payment or trial start, told by its events): no access yet. */
        INCOMPLETE,
        /** Charged: the first period is paid. */
        ACTIVE,
        /** In the free trial: the first charge comes at the trial's end. */
        TRIALING
    }
}
