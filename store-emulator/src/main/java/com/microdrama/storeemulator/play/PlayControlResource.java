package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Play Console, the device and Google's billing do, as control calls (not Google's API): set up an app's
 * RTDN push subscription and products, hand out service-account keys, buy, move subscriptions through their lifecycle, void purchases. Each call
 * that makes Google notify publishes the RTDN push; {@code deliver=false} builds it without sending and {@code auth}
 * spoils its token for receivers' negative tests.
 */
@Path("/_emulator/play")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PlayControlResource {

    private static final IsoPeriod DEFAULT_GRACE = IsoPeriod.parse("P3D");

    private final PlayCatalog catalog;
    private final PlayPurchases purchases;
    private final RtdnPublisher publisher;
    private final ServiceAccounts accounts;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public PlayControlResource(PlayCatalog catalog, PlayPurchases purchases, RtdnPublisher publisher, ServiceAccounts accounts,
                               ObjectMapper json) {
        this.catalog = catalog;
        this.purchases = purchases;
        this.publisher = publisher;
        this.accounts = accounts;
        this.json = json;
    }

    /** A key file for the account {@code email} (default {@value ServiceAccounts#DEFAULT_EMAIL}), whose token_uri is this emulator. */
    @POST
    @Path("service-accounts")
    public Map<String, Object> serviceAccount(String body, @Context UriInfo uri) {
        String email = text(read(body), "email");
        return accounts.newKey(email == null ? ServiceAccounts.DEFAULT_EMAIL : email, OAuthResource.tokenUri(uri));
    }

    /** {@code {"pushEndpoint", "audience"?, "pushServiceAccount"?}}: the Pub/Sub push subscription of the app's RTDN topic. */
    @PUT
    @Path("apps/{packageName}")
    public PlayCatalog.App app(@PathParam("packageName") String packageName, String body) {
        JsonNode in = read(body);
        String endpoint = text(in, "pushEndpoint");
        if (endpoint != null && !endpoint.matches("https?://[^/]+.*")) {
            throw ControlError.of(400, "pushEndpoint must be an http(s) URL: " + endpoint);
        }
        String account = text(in, "pushServiceAccount");
        PlayCatalog.App app = new PlayCatalog.App(packageName, endpoint, text(in, "audience"),
                account == null ? PlayCatalog.DEFAULT_PUSH_ACCOUNT : account);
        catalog.putApp(app);
        return app;
    }

    /** {@code {"type": "inapp"|"subs", "defaultPrice": {priceMicros, currency}, "prices"?, "basePlanId", "period", "freeTrial"?}}. */
    @PUT
    @Path("apps/{packageName}/products/{sku}")
    public Map<String, Object> product(@PathParam("packageName") String packageName, @PathParam("sku") String sku, String body) {
        JsonNode in = read(body);
        String type = text(in, "type") == null ? "inapp" : text(in, "type");
        if (!type.equals("inapp") && !type.equals("subs")) {
            throw ControlError.of(400, "type must be inapp or subs: " + type);
        }
        PlayCatalog.Price defaultPrice = price(in.path("defaultPrice"), "defaultPrice");
        Map<String, PlayCatalog.Price> prices = new LinkedHashMap<>();
        in.path("prices").fields().forEachRemaining(e -> prices.put(e.getKey(), price(e.getValue(), "prices." + e.getKey())));
        IsoPeriod period = null;
        IsoPeriod freeTrial = null;
        String basePlanId = null;
        if (type.equals("subs")) {
            period = period(text(in, "period") == null ? "P1M" : text(in, "period"));
            freeTrial = text(in, "freeTrial") == null ? null : period(text(in, "freeTrial"));
            basePlanId = text(in, "basePlanId") == null ? "monthly" : text(in, "basePlanId");
        }
        PlayCatalog.Product product = new PlayCatalog.Product(packageName, sku, type, defaultPrice, Map.copyOf(prices), basePlanId, period, freeTrial);
        catalog.putProduct(product);
        return PlayJson.inAppProduct(product);
    }

    /**
     * A user buys {@code productId} on a device: {@code {"productId", "obfuscatedExternalAccountId", "regionCode"?,
     * "freeTrial"?}} → the purchase token and order id the app would send its server, and the RTDN push.
     */
    @POST
    @Path("apps/{packageName}/purchases")
    public Map<String, Object> purchase(@PathParam("packageName") String packageName, String body,
                                        @QueryParam("deliver") @DefaultValue("true") boolean deliver, @QueryParam("auth") String auth) {
        JsonNode in = read(body);
        PushAuth pushAuth = auth(auth);
        String productId = required(in, "productId");
        String accountId = required(in, "obfuscatedExternalAccountId");
        String region = text(in, "regionCode") == null ? "US" : text(in, "regionCode");
        PlayCatalog.Product product = catalog.product(packageName, productId)
                .orElseThrow(() -> ControlError.of(404, "no product " + productId + " in app " + packageName));
        Instant now = clock.instant();
        Map<String, Object> answer = new LinkedHashMap<>();
        if (product.subscription()) {
            PlaySubscription s = purchases.subscribe(product, accountId, region, in.path("freeTrial").asBoolean(false), now);
            answer.put("purchaseToken", s.token);
            answer.put("orderId", s.firstOrderId);
            answer.put("notification", publisher.publish(packageName, "subscriptionNotification",
                    subscriptionNotification(SubscriptionLifecycle.PURCHASED, s), deliver, pushAuth));
        } else {
            OneTimePurchase p = purchases.buy(product, accountId, region, now);
            answer.put("purchaseToken", p.token);
            answer.put("orderId", p.orderId);
            answer.put("notification", publisher.publish(packageName, "oneTimeProductNotification",
                    Map.of("version", "1.0", "notificationType", 1, "purchaseToken", p.token, "sku", p.productId), deliver, pushAuth));
        }
        return answer;
    }

    /** One of {@link SubscriptionLifecycle#ACTIONS}; {@code gracePeriod} (ISO, default P3D) sets how long {@code grace} lasts. */
    @POST
    @Path("subscriptions/{purchaseToken}/{action}")
    public Map<String, Object> subscriptionEvent(@PathParam("purchaseToken") String token, @PathParam("action") String action,
                                                 @QueryParam("gracePeriod") String gracePeriod,
                                                 @QueryParam("deliver") @DefaultValue("true") boolean deliver, @QueryParam("auth") String auth) {
        PushAuth pushAuth = auth(auth);
        if (!SubscriptionLifecycle.ACTIONS.contains(action)) {
            throw ControlError.of(404, "unknown action " + action + "; one of " + SubscriptionLifecycle.ACTIONS);
        }
        IsoPeriod grace = gracePeriod == null ? DEFAULT_GRACE : period(gracePeriod);
        PlaySubscription s = purchases.subscription(token).orElseThrow(() -> ControlError.of(404, "no subscription purchase " + token));
        Instant now = clock.instant();
        int type = purchases.locked(() -> {
            try {
                String orderBefore = s.latestOrderId();
                int notificationType = SubscriptionLifecycle.apply(s, action, now, grace);
                if (notificationType == SubscriptionLifecycle.REVOKED && !purchases.isVoided(orderBefore)) {
                    purchases.addVoided(new PlayPurchases.Voided(s.packageName, s.token, orderBefore, s.startTime.toEpochMilli(),
                            now.toEpochMilli(), 1, 0, 1));
                }
                return notificationType;
            } catch (SubscriptionLifecycle.NotAllowed e) {
                throw ControlError.of(409, e.getMessage());
            }
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("purchaseToken", token);
        answer.put("subscription", purchases.locked(() -> PlayJson.subscriptionPurchaseV2(s, now)));
        answer.put("notification", publisher.publish(s.packageName, "subscriptionNotification", subscriptionNotification(type, s), deliver, pushAuth));
        return answer;
    }

    /**
     * A refund or chargeback: the purchase (a subscription's latest order) joins the voided purchases and Google
     * pushes a voidedPurchaseNotification. Optional {@code {"voidedSource", "voidedReason"}} (Google's codes, default 0).
     */
    @POST
    @Path("purchases/{purchaseToken}/void")
    public Map<String, Object> voidPurchase(@PathParam("purchaseToken") String token, String body,
                                            @QueryParam("deliver") @DefaultValue("true") boolean deliver, @QueryParam("auth") String auth) {
        JsonNode in = read(body);
        PushAuth pushAuth = auth(auth);
        long now = clock.millis();
        int source = in.path("voidedSource").asInt(0);
        int reason = in.path("voidedReason").asInt(0);
        PlayPurchases.Voided voided = purchases.locked(() -> {
            PlayPurchases.Voided entry;
            if (purchases.oneTime(token).isPresent()) {
                OneTimePurchase p = purchases.oneTime(token).get();
                entry = new PlayPurchases.Voided(p.packageName, token, p.orderId, p.purchaseTime.toEpochMilli(), now, source, reason, 2);
                p.purchaseState = OneTimePurchase.CANCELED;
                p.refundableQuantity = 0;
            } else {
                PlaySubscription s = purchases.subscription(token).orElseThrow(() -> ControlError.of(404, "no purchase " + token));
                entry = new PlayPurchases.Voided(s.packageName, token, s.latestOrderId(), s.startTime.toEpochMilli(), now, source, reason, 1);
            }
            if (purchases.isVoided(entry.orderId())) {
                throw ControlError.of(409, "order " + entry.orderId() + " is already voided");
            }
            purchases.addVoided(entry);
            return entry;
        });
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("purchaseToken", token);
        part.put("orderId", voided.orderId());
        part.put("productType", voided.productType());
        part.put("refundType", 1);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("purchaseToken", token);
        answer.put("orderId", voided.orderId());
        answer.put("notification", publisher.publish(voided.packageName(), "voidedPurchaseNotification", part, deliver, pushAuth));
        return answer;
    }

    /** The Play Console's "send test notification". */
    @POST
    @Path("apps/{packageName}/test-notification")
    public Map<String, Object> testNotification(@PathParam("packageName") String packageName,
                                                @QueryParam("deliver") @DefaultValue("true") boolean deliver, @QueryParam("auth") String auth) {
        return publisher.publish(packageName, "testNotification", Map.of("version", "1.0"), deliver, auth(auth));
    }

    @GET
    @Path("notifications")
    public List<Map<String, Object>> notifications(@QueryParam("packageName") String packageName) {
        return publisher.list(packageName);
    }

    private static Map<String, Object> subscriptionNotification(int type, PlaySubscription s) {
        return Map.of("version", "1.0", "notificationType", type, "purchaseToken", s.token, "subscriptionId", s.product.sku());
    }

    private JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (!node.isObject()) {
                throw ControlError.of(400, "the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ControlError.of(400, "the body is not JSON: " + e.getMessage());
        }
    }

    private static String text(JsonNode in, String field) {
        JsonNode value = in.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static String required(JsonNode in, String field) {
        String value = text(in, field);
        if (value == null) {
            throw ControlError.of(400, field + " is required");
        }
        return value;
    }

    private static PlayCatalog.Price price(JsonNode in, String field) {
        String micros = text(in, "priceMicros");
        String currency = text(in, "currency");
        if (micros == null || !micros.matches("\\d+") || currency == null || !currency.matches("[A-Z]{3}")) {
            throw ControlError.of(400, field + " needs priceMicros (digits) and currency (ISO 4217)");
        }
        return new PlayCatalog.Price(micros, currency);
    }

    private static IsoPeriod period(String text) {
        try {
            return IsoPeriod.parse(text);
        } catch (IllegalArgumentException e) {
            throw ControlError.of(400, e.getMessage());
        }
    }

    private static PushAuth auth(String auth) {
        try {
            return PushAuth.of(auth);
        } catch (IllegalArgumentException e) {
            throw ControlError.of(400, e.getMessage());
        }
    }
}
