package com.microdrama.storeemulator.play;

import java.time.Instant;

/** A purchase of an in-app product, as {@code purchases.products.get} reports it. Changed only under {@link PlayPurchases}' lock. */
final class OneTimePurchase {

    static final int PURCHASED = 0;
    static final int CANCELED = 1;

    final String token;
    final String packageName;
    final String productId;
    final String orderId;
    final Instant purchaseTime;
    final String accountId;
    final String regionCode;
    int purchaseState = PURCHASED;
    int consumptionState;
    int acknowledgementState;
    int refundableQuantity = 1;

    OneTimePurchase(String token, String packageName, String productId, String orderId, Instant purchaseTime, String accountId,
                    String regionCode) {
        this.token = token;
        this.packageName = packageName;
        this.productId = productId;
        this.orderId = orderId;
        this.purchaseTime = purchaseTime;
        this.accountId = accountId;
        this.regionCode = regionCode;
    }
}
