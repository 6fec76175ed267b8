package com.microdrama.ops.reconcile;

/**
 * One disagreement between payment-service and the payment provider about a purchase or a subscription, with the id
 * on each side ({@code ourId} a purchase or subscription id, {@code providerId} Stripe's {@code pi_…}/{@code sub_…};
 * either is null when that side has nothing) and what each side says.
 */
public record ProviderMismatch(Kind kind, String userId, String ourId, String providerId, String ours, String provider,
                               String detail) {

    public enum Kind {
        /** The provider took the money (intent succeeded) but the purchase is not COMPLETED or REFUNDED here. */
        PAYMENT_NOT_RECORDED,
        /** The purchase is COMPLETED or REFUNDED here but the provider's payment did not succeed. */
        PAYMENT_NOT_AT_PROVIDER,
        /** Our row names a provider payment or subscription the provider does not have (or names none). */
        PROVIDER_OBJECT_MISSING,
        /** A provider payment carries one of our purchase ids, and no such purchase exists here. */
        PURCHASE_MISSING,
        /** A provider subscription carries one of our subscription ids, and no such subscription exists here. */
        SUBSCRIPTION_MISSING,
        /** Both sides exist but point at different partners (metadata vs our provider id, or another user). */
        IDS_DISAGREE,
        /** The provider charged another amount or currency than our price. */
        AMOUNT_MISMATCH,
        /** The subscription's state differs (beyond cancel-at-period-end alone). */
        SUBSCRIPTION_STATUS,
        /** Same state except that one side cancels at the period end and the other does not. */
        CANCEL_AT_PERIOD_END,
        /** The amount refunded at the provider differs from the refunds recorded here. */
        REFUND_MISMATCH
    }
}
