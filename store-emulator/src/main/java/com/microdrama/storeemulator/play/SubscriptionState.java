package com.microdrama.storeemulator.play;

/** {@code SubscriptionPurchaseV2.subscriptionState}. */
enum SubscriptionState {
    PENDING, ACTIVE, PAUSED, IN_GRACE_PERIOD, ON_HOLD, CANCELED, EXPIRED;

    String wire() {
        return "SUBSCRIPTION_STATE_" + name();
    }
}
