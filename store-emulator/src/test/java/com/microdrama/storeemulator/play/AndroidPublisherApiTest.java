package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.androidpublisher.AndroidPublisher;
import com.google.api.services.androidpublisher.model.InAppProduct;
import com.google.api.services.androidpublisher.model.ProductPurchase;
import com.google.api.services.androidpublisher.model.ProductPurchasesAcknowledgeRequest;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseLineItem;
import com.google.api.services.androidpublisher.model.SubscriptionPurchaseV2;
import com.google.api.services.androidpublisher.model.SubscriptionPurchasesAcknowledgeRequest;
import com.google.api.services.androidpublisher.model.VoidedPurchase;
import com.google.api.services.androidpublisher.model.VoidedPurchasesListResponse;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Google's own AndroidPublisher client, authenticated with an emulator service-account key, against the emulator. */
@QuarkusTest
class AndroidPublisherApiTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void oneTimePurchaseIsReadAcknowledgedAndConsumedOnce() throws Exception {
        String app = PlayEmulator.newPackage();
        PlayEmulator.inAppProduct(base, app, "coins_100");
        JsonNode bought = PlayEmulator.buy(base, app, "coins_100", "");
        String token = bought.get("purchaseToken").asText();
        AndroidPublisher publisher = PlayEmulator.publisher(base);

        ProductPurchase purchase = publisher.purchases().products().get(app, "coins_100", token).execute();
        assertEquals("androidpublisher#productPurchase", purchase.getKind());
        assertEquals(0, purchase.getPurchaseState());
        assertEquals(0, purchase.getConsumptionState());
        assertEquals(0, purchase.getAcknowledgementState());
        assertEquals(0, purchase.getPurchaseType());
        assertEquals("coins_100", purchase.getProductId());
        assertEquals("user-42", purchase.getObfuscatedExternalAccountId());
        assertEquals("DE", purchase.getRegionCode());
        assertEquals(1, purchase.getQuantity());
        assertEquals(1, purchase.getRefundableQuantity());
        assertEquals(bought.get("orderId").asText(), purchase.getOrderId());
        assertTrue(purchase.getOrderId().matches("GPA\\.\\d{4}-\\d{4}-\\d{4}-\\d{5}"), purchase.getOrderId());
        assertTrue(Math.abs(purchase.getPurchaseTimeMillis() - System.currentTimeMillis()) < 60_000);

        publisher.purchases().products().acknowledge(app, "coins_100", token, new ProductPurchasesAcknowledgeRequest()).execute();
        assertEquals(1, publisher.purchases().products().get(app, "coins_100", token).execute().getAcknowledgementState());

        publisher.purchases().products().consume(app, "coins_100", token).execute();
        assertEquals(1, publisher.purchases().products().get(app, "coins_100", token).execute().getConsumptionState());
        GoogleJsonResponseException twice = assertThrows(GoogleJsonResponseException.class,
                () -> publisher.purchases().products().consume(app, "coins_100", token).execute());
        assertEquals(400, twice.getStatusCode());
        assertEquals(400, twice.getDetails().getCode());
    }

    @Test
    void unknownTokensPackagesAndProductsAreGoogleNotFoundErrors() throws Exception {
        String app = PlayEmulator.newPackage();
        PlayEmulator.inAppProduct(base, app, "coins_100");
        String token = PlayEmulator.buy(base, app, "coins_100", "").get("purchaseToken").asText();
        AndroidPublisher publisher = PlayEmulator.publisher(base);

        GoogleJsonResponseException unknownToken = assertThrows(GoogleJsonResponseException.class,
                () -> publisher.purchases().products().get(app, "coins_100", "not-a-token").execute());
        assertEquals(404, unknownToken.getStatusCode());
        assertEquals("The purchase token was not found.", unknownToken.getDetails().getMessage());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> publisher.purchases().products().acknowledge(app, "coins_100", "not-a-token",
                        new ProductPurchasesAcknowledgeRequest()).execute()).getStatusCode());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> publisher.purchases().products().get("com.other.app", "coins_100", token).execute()).getStatusCode());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> publisher.purchases().products().get(app, "coins_500", token).execute()).getStatusCode());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> publisher.inappproducts().get(app, "coins_500").execute()).getStatusCode());
        assertEquals(404, assertThrows(GoogleJsonResponseException.class,
                () -> publisher.purchases().subscriptionsv2().get(app, token).execute()).getStatusCode());
    }

    @Test
    void inAppProductCarriesThePricePerRegion() throws Exception {
        String app = PlayEmulator.newPackage();
        PlayEmulator.inAppProduct(base, app, "coins_100");
        InAppProduct product = PlayEmulator.publisher(base).inappproducts().get(app, "coins_100").execute();
        assertEquals(app, product.getPackageName());
        assertEquals("coins_100", product.getSku());
        assertEquals("active", product.getStatus());
        assertEquals("managedUser", product.getPurchaseType());
        assertEquals("990000", product.getDefaultPrice().getPriceMicros());
        assertEquals("USD", product.getDefaultPrice().getCurrency());
        assertEquals("1090000", product.getPrices().get("DE").getPriceMicros());
        assertEquals("EUR", product.getPrices().get("DE").getCurrency());
    }

    @Test
    void subscriptionPurchaseV2IsReadAndAcknowledged() throws Exception {
        String app = PlayEmulator.newPackage();
        PlayEmulator.weeklySubscription(base, app, "vip_weekly");
        JsonNode bought = PlayEmulator.buy(base, app, "vip_weekly", "");
        String token = bought.get("purchaseToken").asText();
        AndroidPublisher publisher = PlayEmulator.publisher(base);

        SubscriptionPurchaseV2 subscription = publisher.purchases().subscriptionsv2().get(app, token).execute();
        assertEquals("androidpublisher#subscriptionPurchaseV2", subscription.getKind());
        assertEquals("SUBSCRIPTION_STATE_ACTIVE", subscription.getSubscriptionState());
        assertEquals("ACKNOWLEDGEMENT_STATE_PENDING", subscription.getAcknowledgementState());
        assertEquals("DE", subscription.getRegionCode());
        assertEquals(bought.get("orderId").asText(), subscription.getLatestOrderId());
        assertEquals("user-42", subscription.getExternalAccountIdentifiers().getObfuscatedExternalAccountId());
        assertTrue(subscription.getTestPurchase() != null);
        assertNull(subscription.getCanceledStateContext());
        SubscriptionPurchaseLineItem item = subscription.getLineItems().get(0);
        assertEquals("vip_weekly", item.getProductId());
        assertEquals("weekly", item.getOfferDetails().getBasePlanId());
        assertTrue(item.getAutoRenewingPlan().getAutoRenewEnabled());
        assertEquals("USD", item.getAutoRenewingPlan().getRecurringPrice().getCurrencyCode());
        assertEquals(4L, item.getAutoRenewingPlan().getRecurringPrice().getUnits());
        assertEquals(990_000_000, item.getAutoRenewingPlan().getRecurringPrice().getNanos());
        Duration paid = Duration.between(Instant.parse(subscription.getStartTime()), Instant.parse(item.getExpiryTime()));
        assertEquals(Duration.ofDays(7), paid);

        publisher.purchases().subscriptions().acknowledge(app, "vip_weekly", token, new SubscriptionPurchasesAcknowledgeRequest()).execute();
        assertEquals("ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED",
                publisher.purchases().subscriptionsv2().get(app, token).execute().getAcknowledgementState());
    }

    @Test
    void voidedPurchasesListOneTimeByDefaultAndSubscriptionsWithType1() throws Exception {
        String app = PlayEmulator.newPackage();
        PlayEmulator.inAppProduct(base, app, "coins_100");
        PlayEmulator.weeklySubscription(base, app, "vip_weekly");
        long before = System.currentTimeMillis() - 1000;
        JsonNode coins = PlayEmulator.buy(base, app, "coins_100", "");
        JsonNode vip = PlayEmulator.buy(base, app, "vip_weekly", "");
        PlayEmulator.control(base, "POST", "/_emulator/play/purchases/" + coins.get("purchaseToken").asText() + "/void?deliver=false",
                "{\"voidedSource\":2,\"voidedReason\":7}");
        PlayEmulator.control(base, "POST", "/_emulator/play/purchases/" + vip.get("purchaseToken").asText() + "/void?deliver=false", null);
        AndroidPublisher publisher = PlayEmulator.publisher(base);

        List<VoidedPurchase> oneTime = publisher.purchases().voidedpurchases().list(app).setStartTime(before).execute().getVoidedPurchases();
        assertEquals(1, oneTime.size());
        VoidedPurchase voided = oneTime.get(0);
        assertEquals("androidpublisher#voidedPurchase", voided.getKind());
        assertEquals(coins.get("purchaseToken").asText(), voided.getPurchaseToken());
        assertEquals(coins.get("orderId").asText(), voided.getOrderId());
        assertEquals(2, voided.getVoidedSource());
        assertEquals(7, voided.getVoidedReason());
        assertEquals(1, voided.getVoidedQuantity());
        assertTrue(voided.getVoidedTimeMillis() >= voided.getPurchaseTimeMillis());
        assertEquals(1, publisher.purchases().products().get(app, "coins_100", coins.get("purchaseToken").asText()).execute().getPurchaseState());

        VoidedPurchasesListResponse first = publisher.purchases().voidedpurchases().list(app).setType(1).setMaxResults(1L).execute();
        assertEquals(1, first.getVoidedPurchases().size());
        String next = first.getTokenPagination().getNextPageToken();
        VoidedPurchasesListResponse second = publisher.purchases().voidedpurchases().list(app).setType(1).setMaxResults(1L).setToken(next).execute();
        assertEquals(vip.get("orderId").asText(), second.getVoidedPurchases().get(0).getOrderId());
        assertNull(second.getTokenPagination());
        assertTrue(publisher.purchases().voidedpurchases().list(app).setStartTime(System.currentTimeMillis() + 60_000)
                .setEndTime(System.currentTimeMillis() + 120_000).execute().getVoidedPurchases() == null
                || publisher.purchases().voidedpurchases().list(app).setStartTime(System.currentTimeMillis() + 60_000)
                .setEndTime(System.currentTimeMillis() + 120_000).execute().getVoidedPurchases().isEmpty());
    }

    @Test
    void callsWithoutAValidAccessTokenAreUnauthenticated() throws Exception {
        String app = PlayEmulator.newPackage();
        PlayEmulator.inAppProduct(base, app, "coins_100");
        HttpResponse<String> response = PlayEmulator.call(base, "GET", "/androidpublisher/v3/applications/" + app + "/inappproducts/coins_100", null);
        assertEquals(401, response.statusCode());
        JsonNode error = PlayEmulator.JSON.readTree(response.body()).get("error");
        assertEquals(401, error.get("code").asInt());
        assertEquals("UNAUTHENTICATED", error.get("status").asText());
        assertTrue(error.get("message").asText().length() > 10);
    }
}
