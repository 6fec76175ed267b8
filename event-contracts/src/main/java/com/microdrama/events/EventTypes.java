package com.microdrama.events;

/**
 * CloudEvents {@code type} values. The version suffix is part of the type: a breaking change to a payload gets a
 * new type ({@code .v2}) and consumers keep reading the old one until it has left the topics.
 */
public final class EventTypes {
    private static final String PAYMENT = "com.microdrama.payment.";
    private static final String CATALOG = "com.microdrama.catalog.";
    private static final String ENTITLEMENT = "com.microdrama.entitlement.";

    public static final String COINS_PURCHASED = PAYMENT + "coins-purchased.v1";
    public static final String EPISODE_PURCHASED = PAYMENT + "episode-purchased.v1";
    public static final String SERIES_PURCHASED = PAYMENT + "series-purchased.v1";
    public static final String PURCHASE_REFUNDED = PAYMENT + "purchase-refunded.v1";
    public static final String SUBSCRIPTION_ACTIVATED = PAYMENT + "subscription-activated.v1";
    public static final String SUBSCRIPTION_RENEWED = PAYMENT + "subscription-renewed.v1";
    public static final String SUBSCRIPTION_CANCELLED = PAYMENT + "subscription-cancelled.v1";
    public static final String SUBSCRIPTION_EXPIRED = PAYMENT + "subscription-expired.v1";
    public static final String SUBSCRIPTION_REFUNDED = PAYMENT + "subscription-refunded.v1";
    public static final String BONUS_EXPIRED = PAYMENT + "bonus-expired.v1";

    public static final String EPISODE_UPDATED = CATALOG + "episode-updated.v1";
    public static final String SERIES_UPDATED = CATALOG + "series-updated.v1";
    /** On viewing-events: an episode was allowed to play (payload.PlaybackAuthorized). */
    public static final String PLAYBACK_AUTHORIZED = CATALOG + "playback-authorized.v1";
    /** On viewing-events: a viewer was refused a paid episode with the unlock offer (payload.PaywallShown). */
    public static final String PAYWALL_SHOWN = CATALOG + "paywall-shown.v1";

    public static final String ENTITLEMENT_GRANTED = ENTITLEMENT + "granted.v1";
    public static final String ENTITLEMENT_REVOKED = ENTITLEMENT + "revoked.v1";

    private EventTypes() {
    }
}
