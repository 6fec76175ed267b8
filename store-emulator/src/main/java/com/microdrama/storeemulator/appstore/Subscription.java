package com.microdrama.storeemulator.appstore;

/**
 * One auto-renewable subscription of one app account in one subscription group: Apple keeps its
 * originalTransactionId across renewals and resubscriptions. Mutable, changed only under the ledger's lock.
 */
final class Subscription {

    /** Apple's subscription statuses (Get All Subscription Statuses, notification data.status). */
    static final int ACTIVE = 1;
    static final int EXPIRED = 2;
    static final int BILLING_RETRY = 3;
    static final int GRACE_PERIOD = 4;
    static final int REVOKED = 5;

    final String originalTransactionId;
    final String bundleId;
    final String group;
    final String appAccountToken;
    final long originalPurchaseDate;
    final String appTransactionId;
    Product product;
    String latestTransactionId;
    long expiresDate;
    long recentStartDate;
    boolean autoRenew = true;
    boolean billingRetry;
    Long gracePeriodExpiresDate;
    Integer expirationIntent;
    int status = ACTIVE;
    boolean trialUsed;

    Subscription(String originalTransactionId, String bundleId, String group, String appAccountToken,
                 long originalPurchaseDate, String appTransactionId, Product product) {
        this.originalTransactionId = originalTransactionId;
        this.bundleId = bundleId;
        this.group = group;
        this.appAccountToken = appAccountToken;
        this.originalPurchaseDate = originalPurchaseDate;
        this.appTransactionId = appTransactionId;
        this.product = product;
    }

    boolean ended() {
        return status == EXPIRED || status == REVOKED;
    }

    RenewalInfoPayload renewalInfo(String environment) {
        return new RenewalInfoPayload(originalTransactionId, product.productId(), product.productId(), autoRenew ? 1 : 0,
                billingRetry, gracePeriodExpiresDate, expirationIntent, null, environment, recentStartDate,
                ended() ? null : expiresDate, product.currency(), product.priceMilliunits(), appAccountToken, appTransactionId);
    }
}
