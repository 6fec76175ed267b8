package com.microdrama.payment.provider;

/** The provider's answer; {@code clientSecret} lets the app finish a payment that needs the user (3-D Secure...). */
public record PaymentIntent(String providerPaymentId, Status status, String clientSecret) {
    public enum Status {
        /** Money captured: the purchase can be completed now. */
        SUCCEEDED,
        /** Waiting for the client or the provider; completion comes later (webhook). */
        REQUIRES_ACTION,
        FAILED
    }
}
