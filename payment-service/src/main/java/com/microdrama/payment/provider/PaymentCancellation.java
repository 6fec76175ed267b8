package com.microdrama.payment.provider;

/** What became of asking the provider to cancel a payment nobody finished. */
public enum PaymentCancellation {
    /** Cancelled at the provider: it can no longer be paid. */
    CANCELED,
    /** The provider refused: the payment already succeeded or is being processed; its event will tell. */
    ALREADY_PAID
}
