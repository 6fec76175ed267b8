package com.microdrama.storeemulator.play;

import java.time.Instant;

/**
 * A subscription purchase, as {@code purchases.subscriptionsv2.get} reports it: one line item, one base plan.
 * Changed only under {@link PlayPurchases}' lock.
 */
final class PlaySubscription {

    final String token;
    final String packageName;
    final PlayCatalog.Product product;
    final String accountId;
    final String regionCode;
    final Instant startTime;
    final String firstOrderId;
    final boolean freeTrial;
    SubscriptionState state = SubscriptionState.ACTIVE;
    Instant expiryTime;
    boolean autoRenewEnabled = true;
    /** Renewals so far: Google numbers the orders of renewals {@code <first>..0}, {@code <first>..1}, … */
    int renewals;
    boolean acknowledged;
    Instant canceledAt;
    Instant autoResumeTime;

    PlaySubscription(String token, String packageName, PlayCatalog.Product product, String accountId, String regionCode,
                     Instant startTime, String firstOrderId, boolean freeTrial, Instant expiryTime) {
        this.token = token;
        this.packageName = packageName;
        this.product = product;
        this.accountId = accountId;
        this.regionCode = regionCode;
        this.startTime = startTime;
        this.firstOrderId = firstOrderId;
        this.freeTrial = freeTrial;
        this.expiryTime = expiryTime;
    }

    String latestOrderId() {
        return renewals == 0 ? firstOrderId : firstOrderId + ".." + (renewals - 1);
    }

    /** Google shows a canceled subscription as expired once its paid time is over. */
    SubscriptionState effectiveState(Instant now) {
        return state == SubscriptionState.CANCELED && !expiryTime.isAfter(now) ? SubscriptionState.EXPIRED : state;
    }
}
