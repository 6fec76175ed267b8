package com.microdrama.storeemulator.appstore;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An in-app purchase of an app: its type as Apple names it, price and, for subscriptions, group, period and trial. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Product(String bundleId, String productId, String type, String price, String currency, long priceMilliunits,
                      String subscriptionGroupIdentifier, String period, String freeTrial) {

    public static final String CONSUMABLE = "Consumable";
    public static final String NON_CONSUMABLE = "Non-Consumable";
    public static final String AUTO_RENEWABLE = "Auto-Renewable Subscription";

    @JsonIgnore
    public boolean subscription() {
        return AUTO_RENEWABLE.equals(type);
    }

    StoreDuration periodDuration() {
        return new StoreDuration(period);
    }

    StoreDuration trialDuration() {
        return freeTrial == null ? null : new StoreDuration(freeTrial);
    }
}
