package com.microdrama.storeemulator.play;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Android Publisher v3 JSON of the emulator's records, with Google's field names and encodings: int64 fields as
 * strings, times as RFC 3339 in UTC (milliseconds), enums by name.
 */
final class PlayJson {

    private PlayJson() {
    }

    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    static Map<String, Object> productPurchase(OneTimePurchase p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "androidpublisher#productPurchase");
        json.put("purchaseTimeMillis", String.valueOf(p.purchaseTime.toEpochMilli()));
        json.put("purchaseState", p.purchaseState);
        json.put("consumptionState", p.consumptionState);
        json.put("developerPayload", "");
        json.put("orderId", p.orderId);
        json.put("purchaseType", 0);
        json.put("acknowledgementState", p.acknowledgementState);
        json.put("productId", p.productId);
        json.put("quantity", 1);
        json.put("obfuscatedExternalAccountId", p.accountId);
        json.put("regionCode", p.regionCode);
        json.put("refundableQuantity", p.refundableQuantity);
        return json;
    }

    static Map<String, Object> subscriptionPurchaseV2(PlaySubscription s, Instant now) {
        SubscriptionState state = s.effectiveState(now);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "androidpublisher#subscriptionPurchaseV2");
        json.put("regionCode", s.regionCode);
        json.put("startTime", rfc3339(s.startTime));
        json.put("subscriptionState", state.wire());
        json.put("latestOrderId", s.latestOrderId());
        json.put("acknowledgementState", s.acknowledged ? "ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED" : "ACKNOWLEDGEMENT_STATE_PENDING");
        json.put("externalAccountIdentifiers", Map.of("obfuscatedExternalAccountId", s.accountId));
        json.put("testPurchase", Map.of());
        if (s.canceledAt != null && (state == SubscriptionState.CANCELED || state == SubscriptionState.EXPIRED)) {
            json.put("canceledStateContext", Map.of("userInitiatedCancellation", Map.of("cancelTime", rfc3339(s.canceledAt))));
        }
        if (state == SubscriptionState.PAUSED && s.autoResumeTime != null) {
            json.put("pausedStateContext", Map.of("autoResumeTime", rfc3339(s.autoResumeTime)));
        }
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("basePlanId", s.product.basePlanId());
        if (s.freeTrial) {
            offer.put("offerId", "free-trial");
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("productId", s.product.sku());
        item.put("expiryTime", rfc3339(s.expiryTime));
        item.put("autoRenewingPlan", Map.of("autoRenewEnabled", s.autoRenewEnabled,
                "recurringPrice", money(s.product.priceIn(s.regionCode))));
        item.put("offerDetails", offer);
        item.put("latestSuccessfulOrderId", s.latestOrderId());
        json.put("lineItems", List.of(item));
        return json;
    }

    /** Google's {@code Money}: whole units (int64, so a string) and nanos. */
    static Map<String, Object> money(PlayCatalog.Price price) {
        long micros = Long.parseLong(price.priceMicros());
        return Map.of("currencyCode", price.currency(), "units", String.valueOf(micros / 1_000_000),
                "nanos", (int) (micros % 1_000_000) * 1000);
    }

    static Map<String, Object> inAppProduct(PlayCatalog.Product p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("packageName", p.packageName());
        json.put("sku", p.sku());
        json.put("status", "active");
        json.put("purchaseType", p.subscription() ? "subscription" : "managedUser");
        json.put("defaultPrice", price(p.defaultPrice()));
        Map<String, Object> prices = new LinkedHashMap<>();
        p.prices().forEach((region, price) -> prices.put(region, price(price)));
        json.put("prices", prices);
        json.put("defaultLanguage", "en-US");
        json.put("listings", Map.of("en-US", Map.of("title", p.sku(), "description", p.sku())));
        if (p.subscription()) {
            json.put("subscriptionPeriod", p.period().text());
            if (p.freeTrial() != null) {
                json.put("trialPeriod", p.freeTrial().text());
            }
        }
        return json;
    }

    private static Map<String, Object> price(PlayCatalog.Price price) {
        return Map.of("priceMicros", price.priceMicros(), "currency", price.currency());
    }

    static Map<String, Object> voidedPurchase(PlayPurchases.Voided v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", "androidpublisher#voidedPurchase");
        json.put("purchaseToken", v.purchaseToken());
        json.put("purchaseTimeMillis", String.valueOf(v.purchaseTimeMillis()));
        json.put("voidedTimeMillis", String.valueOf(v.voidedTimeMillis()));
        json.put("orderId", v.orderId());
        json.put("voidedSource", v.voidedSource());
        json.put("voidedReason", v.voidedReason());
        json.put("voidedQuantity", 1);
        return json;
    }
}
