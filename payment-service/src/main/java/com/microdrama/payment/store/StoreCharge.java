package com.microdrama.payment.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One charge a store made, as it signed or answered it: a coin pack bought, a subscription period paid (decision
 * 0020). {@code priceAmount} and {@code currency} are what the buyer paid in the store (null when the store does
 * not say); {@code revokedAt} is set when the store took it back. {@code purchaseToken}: Google Play's token of the
 * purchase (what its API reads a purchase by), null for the App Store.
 */
public record StoreCharge(String provider, String transactionId, String userId, String productId,
                          BigDecimal priceAmount, String currency, Instant purchasedAt, Instant expiresAt,
                          Instant revokedAt, String environment, String storeSubscriptionId,
                          String purchaseToken) {

    public StoreCharge {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(purchasedAt, "purchasedAt");
    }
}
