package com.microdrama.payment.provider;

/**
 * Money a provider returns for one of our refunds: its id there and its status as the provider says it
 * ({@code pending}, {@code succeeded}, {@code failed}; Stripe's Refund statuses).
 */
public record ProviderRefund(String providerRefundId, String status) {
}
