package com.microdrama.payment.provider;

/** The provider's subscription; renewals, billing issues and cancellations arrive later as webhooks. */
public record ProviderSubscription(String providerSubscriptionId, Status status) {
    public enum Status {
        /** Charged: the first period is paid. */
        ACTIVE,
        /** In the free trial: the first charge comes at the trial's end. */
        TRIALING
    }
}
