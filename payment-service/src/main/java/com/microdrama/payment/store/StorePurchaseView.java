package com.microdrama.payment.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.payment.pack.PackPurchaseView;
import com.microdrama.payment.subscription.SubscriptionViews.SubscriptionView;

/**
 * What a store purchase the app reported became here: a coin-pack purchase (credited) or the VIP subscription it
 * pays for ({@code subscription} absent when the store's transaction gives no access any more, e.g. expired).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorePurchaseView(String provider, String transactionId, String productId, String kind,
                                PackPurchaseView purchase, SubscriptionView subscription) {

    public static StorePurchaseView pack(String provider, String transactionId, String productId, PackPurchaseView purchase) {
        return new StorePurchaseView(provider, transactionId, productId, "coin-pack", purchase, null);
    }

    public static StorePurchaseView subscription(String provider, String transactionId, String productId,
                                                 SubscriptionView subscription) {
        return new StorePurchaseView(provider, transactionId, productId, "subscription", null, subscription);
    }
}
