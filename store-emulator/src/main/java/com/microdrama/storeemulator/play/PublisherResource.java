package com.microdrama.storeemulator.play;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Google Play Developer API (Android Publisher v3) a server uses to check purchases. The client sends custom
 * methods as {@code …/tokens/{token}:acknowledge}, so those paths are matched whole and split at the last colon.
 */
@Path("/androidpublisher/v3/applications/{packageName}")
@Produces(MediaType.APPLICATION_JSON)
public class PublisherResource {

    /** Google lists voided purchases of the last 30 days at most. */
    private static final Duration VOIDED_WINDOW = Duration.ofDays(30);

    private final PlayCatalog catalog;
    private final PlayPurchases purchases;
    private final Clock clock = Clock.systemUTC();

    public PublisherResource(PlayCatalog catalog, PlayPurchases purchases) {
        this.catalog = catalog;
        this.purchases = purchases;
    }

    @GET
    @Path("purchases/products/{productId}/tokens/{token}")
    public Map<String, Object> product(@PathParam("packageName") String packageName, @PathParam("productId") String productId,
                                       @PathParam("token") String token) {
        OneTimePurchase purchase = oneTime(packageName, productId, token);
        return purchases.locked(() -> PlayJson.productPurchase(purchase));
    }

    /** {@code :acknowledge} and {@code :consume}. */
    @POST
    @Path("purchases/products/{productId}/tokens/{tokenAction: [^/]+}")
    public Response productAction(@PathParam("packageName") String packageName, @PathParam("productId") String productId,
                                  @PathParam("tokenAction") String tokenAction) {
        String[] split = customMethod(tokenAction);
        OneTimePurchase purchase = oneTime(packageName, productId, split[0]);
        purchases.locked(() -> {
            if (purchase.purchaseState != OneTimePurchase.PURCHASED) {
                throw GoogleApiError.badRequest("invalidPurchaseState", "The purchase is not in a valid state to perform the desired operation.");
            }
            switch (split[1]) {
                case "acknowledge" -> purchase.acknowledgementState = 1;
                case "consume" -> {
                    if (purchase.consumptionState == 1) {
                        throw GoogleApiError.badRequest("productNotOwnedByUser", "The product purchase is not owned by the user.");
                    }
                    purchase.consumptionState = 1;
                    purchase.acknowledgementState = 1;
                }
                default -> throw GoogleApiError.notFound("Method not found: " + split[1]);
            }
            return null;
        });
        return Response.noContent().build();
    }

    @GET
    @Path("inappproducts/{sku}")
    public Map<String, Object> inAppProduct(@PathParam("packageName") String packageName, @PathParam("sku") String sku) {
        app(packageName);
        return PlayJson.inAppProduct(catalog.product(packageName, sku)
                .orElseThrow(() -> GoogleApiError.notFound("Product not found: " + sku)));
    }

    @GET
    @Path("purchases/subscriptionsv2/tokens/{token}")
    public Map<String, Object> subscriptionV2(@PathParam("packageName") String packageName, @PathParam("token") String token) {
        PlaySubscription subscription = subscription(packageName, token);
        return purchases.locked(() -> PlayJson.subscriptionPurchaseV2(subscription, clock.instant()));
    }

    @POST
    @Path("purchases/subscriptions/{subscriptionId}/tokens/{tokenAction: [^/]+}")
    public Response subscriptionAction(@PathParam("packageName") String packageName, @PathParam("subscriptionId") String subscriptionId,
                                       @PathParam("tokenAction") String tokenAction) {
        String[] split = customMethod(tokenAction);
        PlaySubscription subscription = subscription(packageName, split[0]);
        if (!subscription.product.sku().equals(subscriptionId)) {
            throw GoogleApiError.notFound("The subscription purchase was not found for subscription " + subscriptionId + ".");
        }
        if (!"acknowledge".equals(split[1])) {
            throw GoogleApiError.notFound("Method not found: " + split[1]);
        }
        purchases.locked(() -> subscription.acknowledged = true);
        return Response.noContent().build();
    }

    /**
     * Voided purchases whose void time is in [{@code startTime}, {@code endTime}] (ms), oldest first; {@code type} 0
     * (default) lists one-time purchases only, 1 subscriptions too; pages of {@code maxResults} follow {@code token}.
     */
    @GET
    @Path("purchases/voidedpurchases")
    public Map<String, Object> voided(@PathParam("packageName") String packageName, @QueryParam("startTime") Long startTime,
                                      @QueryParam("endTime") Long endTime, @QueryParam("type") @DefaultValue("0") int type,
                                      @QueryParam("maxResults") @DefaultValue("1000") int maxResults, @QueryParam("token") String token) {
        app(packageName);
        long now = clock.millis();
        long from = startTime == null ? now - VOIDED_WINDOW.toMillis() : startTime;
        long to = endTime == null ? now : endTime;
        if (from > to) {
            throw GoogleApiError.badRequest("invalidValue", "startTime must be before endTime.");
        }
        List<PlayPurchases.Voided> matching = purchases.voided(packageName).stream()
                .filter(v -> v.voidedTimeMillis() >= from && v.voidedTimeMillis() <= to)
                .filter(v -> type == 1 || v.productType() == 2)
                .toList();
        int offset = offset(token);
        int end = Math.min(matching.size(), offset + Math.max(1, maxResults));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pageInfo", Map.of("totalResults", matching.size(), "resultPerPage", end - offset, "startIndex", offset));
        if (end < matching.size()) {
            json.put("tokenPagination", Map.of("nextPageToken", "voided-" + end));
        }
        json.put("voidedPurchases", matching.subList(Math.min(offset, end), end).stream().map(PlayJson::voidedPurchase).toList());
        return json;
    }

    private static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(token.substring(token.indexOf('-') + 1));
        } catch (NumberFormatException e) {
            throw GoogleApiError.badRequest("invalidValue", "Invalid pagination token.");
        }
    }

    private static String[] customMethod(String tokenAction) {
        int colon = tokenAction.lastIndexOf(':');
        if (colon < 0) {
            throw GoogleApiError.notFound("The requested URL was not found on this server.");
        }
        return new String[]{tokenAction.substring(0, colon), tokenAction.substring(colon + 1)};
    }

    private void app(String packageName) {
        catalog.app(packageName).orElseThrow(() -> new GoogleApiError(404, "NOT_FOUND", "applicationNotFound",
                "No application was found for the given package name."));
    }

    private OneTimePurchase oneTime(String packageName, String productId, String token) {
        app(packageName);
        return purchases.oneTime(token)
                .filter(p -> p.packageName.equals(packageName) && p.productId.equals(productId))
                .orElseThrow(() -> GoogleApiError.notFound("The purchase token was not found."));
    }

    private PlaySubscription subscription(String packageName, String token) {
        app(packageName);
        return purchases.subscription(token)
                .filter(s -> s.packageName.equals(packageName))
                .orElseThrow(() -> GoogleApiError.notFound("The purchase token was not found."));
    }
}
