package com.microdrama.storeemulator.appstore;

/** A subscription's transactions for each period: the first purchase, a resubscription, a renewal. */
final class SubscriptionTransactions {

    private SubscriptionTransactions() {
    }

    /** The transaction of the period that starts at {@code purchaseDate} and ends at the subscription's expiresDate. */
    static TransactionPayload next(Subscription subscription, String transactionId, String webOrderLineItemId,
                                   long purchaseDate, String environment, String reason, String storefront, boolean trial) {
        Product product = subscription.product;
        return new TransactionPayload(subscription.originalTransactionId, transactionId, webOrderLineItemId,
                subscription.bundleId, product.productId(), product.subscriptionGroupIdentifier(), purchaseDate,
                subscription.originalPurchaseDate, subscription.expiresDate, 1, product.type(), subscription.appAccountToken,
                "PURCHASED", null, null, null, null, trial ? TransactionPayload.INTRODUCTORY_OFFER : null,
                trial ? "FREE_TRIAL" : null, trial ? product.freeTrial() : null, environment, reason, storefront,
                Storefronts.id(storefront), trial ? 0L : product.priceMilliunits(), product.currency(),
                subscription.appTransactionId);
    }
}
