package com.microdrama.payment.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Google Play purchases through the real endpoints (decision 0020): the app's report and Real-time developer
 * notifications pushed by the emulator as Pub/Sub pushes them, each purchase read back with Google's client.
 */
@QuarkusTest
@TestProfile(Stores.Profile.class)
class PlayIT {
    private static final String PURCHASES = "/api/payments/play/purchases";
    private static final long PACK_COINS = 550;

    @Test
    void aCoinPackIsCreditedOnceAcknowledgedAndConsumed() {
        Api viewer = Api.fresh("play-coins");
        JsonPath bought = Stores.playPurchase(Stores.PLAY_COINS, viewer.userId, null);
        assertEquals("delivered", bought.getString("notification.delivery.status"), "the RTDN reached us");
        assertEquals(PACK_COINS, viewer.balance());

        viewer.post(PURCHASES, null, Map.of("productId", Stores.PLAY_COINS, "purchaseToken", bought.getString("purchaseToken")))
                .then().statusCode(200).body("kind", equalTo("coin-pack")).body("purchase.status", equalTo("COMPLETED"));
        assertEquals(PACK_COINS, viewer.balance());
        assertEquals("4.99 USD", TestDb.string("select price_amount || ' ' || currency from store_transaction where transaction_id = ?",
                bought.getString("orderId")));
        assertEquals(bought.getString("purchaseToken"), TestDb.string(
                "select purchase_token from store_transaction where transaction_id = ?", bought.getString("orderId")),
                "kept for reading the purchase back (reconciliation)");

    }

    @Test
    void theAppsReportAloneCreditsAndAnotherAccountsTokenIsRefused() {
        Api viewer = Api.fresh("play-report");
        JsonPath bought = Stores.playPurchase(Stores.PLAY_COINS, viewer.userId, "deliver=false");
        viewer.post(PURCHASES, null, Map.of("productId", Stores.PLAY_COINS, "purchaseToken", bought.getString("purchaseToken")))
                .then().statusCode(200).body("purchase.status", equalTo("COMPLETED"));
        assertEquals(PACK_COINS, viewer.balance());

        Api thief = Api.fresh("play-thief");
        thief.post(PURCHASES, null, Map.of("productId", Stores.PLAY_COINS, "purchaseToken", bought.getString("purchaseToken")))
                .then().statusCode(403).body("type", equalTo(Api.PROBLEM + "store-account-mismatch"));
        thief.post(PURCHASES, null, Map.of("productId", Stores.PLAY_COINS, "purchaseToken", "no-such-token"))
                .then().statusCode(422).body("type", equalTo(Api.PROBLEM + "unknown-store-purchase"));
        assertEquals(0, thief.balance());
    }

    @Test
    void pushesWithoutAValidGoogleTokenAreRefusedWithoutEffect() {
        Api viewer = Api.fresh("play-forged");
        for (String auth : new String[]{"wrong-key", "expired", "wrong-audience", "none"}) {
            JsonPath bought = Stores.playPurchase(Stores.PLAY_COINS, viewer.userId, "deliver=false&auth=" + auth);
            var push = given().contentType(ContentType.JSON).body(bought.getString("notification.body"));
            String authorization = bought.getString("notification.headers.Authorization");
            if (authorization != null) {
                push = push.header("Authorization", authorization);
            }
            push.post("/api/payments/webhooks/play").then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo(Api.PROBLEM + "invalid-push-token"));
        }
        assertEquals(0, viewer.balance());
    }

    @Test
    void aVoidedPurchaseTakesTheCoinsBack() {
        Api viewer = Api.fresh("play-void");
        JsonPath bought = Stores.playPurchase(Stores.PLAY_COINS, viewer.userId, null);
        assertEquals(PACK_COINS, viewer.balance());
        Stores.control("/_emulator/play/purchases/" + bought.getString("purchaseToken") + "/void", Map.of());
        assertEquals(0, viewer.balance());
        assertEquals(1, TestDb.count("select count(*) from refund where user_id = ? and source = 'play'", viewer.userId));
    }

    @Test
    void aSubscriptionFollowsGooglesStateThroughGraceHoldRecoveryCancelAndRevocation() {
        Api viewer = Api.fresh("play-vip");
        JsonPath bought = Stores.playPurchase(Stores.PLAY_VIP, viewer.userId, null);
        String token = bought.getString("purchaseToken");
        viewer.get("/api/payments/subscriptions/me").then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("provider", equalTo("play"));
        viewer.post(PURCHASES, null, Map.of("productId", Stores.PLAY_VIP, "purchaseToken", token))
                .then().statusCode(200).body("subscription.status", equalTo("ACTIVE"));

        Stores.playSubscription(token, "renew", null);
        Stores.playSubscription(token, "grace", null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("PAST_DUE"));
        Stores.playSubscription(token, "recover", null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("ACTIVE"));

        Stores.playSubscription(token, "hold", null);
        viewer.get("/api/payments/subscriptions/me").then().statusCode(404);
        Stores.playSubscription(token, "recover", null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("ACTIVE"));
        assertEquals(2, TestDb.count("select count(*) from subscription where user_id = ? and provider = 'play'", viewer.userId),
                "access that came back after hold is a new window");

        Stores.playSubscription(token, "cancel", null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("CANCELLED"));
        Stores.playSubscription(token, "restart", null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("ACTIVE"));

        Stores.playSubscription(token, "revoke", null);
        viewer.get("/api/payments/subscriptions/me").then().statusCode(404);
        assertEquals(1, TestDb.count("select count(*) from subscription where user_id = ? and status = 'REFUNDED'", viewer.userId));
    }

    @Test
    void aRepeatedPushChangesNothing() {
        Api viewer = Api.fresh("play-dup");
        JsonPath bought = Stores.playPurchase(Stores.PLAY_VIP, viewer.userId, "deliver=false");
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).header("Authorization", bought.getString("notification.headers.Authorization"))
                    .body(bought.getString("notification.body"))
                    .post("/api/payments/webhooks/play").then().statusCode(200).body("duplicate", equalTo(i == 1));
        }
        assertEquals(1, TestDb.count("select count(*) from subscription where user_id = ?", viewer.userId));
        assertEquals(1, TestDb.count("select count(*) from outbox_event where payload like ? and payload like '%subscription-activated%'",
                "%" + viewer.userId + "%"));
    }

    @Test
    void pausedExpiredAndVoidedSubscriptionsEndAccess() {
        Api paused = Api.fresh("play-pause");
        String pausedToken = Stores.playPurchase(Stores.PLAY_VIP, paused.userId, null).getString("purchaseToken");
        Stores.playSubscription(pausedToken, "pause", null);
        paused.get("/api/payments/subscriptions/me").then().statusCode(404);

        Api expired = Api.fresh("play-expire");
        String expiredToken = Stores.playPurchase(Stores.PLAY_VIP, expired.userId, null).getString("purchaseToken");
        Stores.playSubscription(expiredToken, "expire", null);
        expired.get("/api/payments/subscriptions/me").then().statusCode(404);
        assertEquals("EXPIRED", TestDb.string("select status from subscription where user_id = ?", expired.userId));

        Api voided = Api.fresh("play-void-vip");
        String voidedToken = Stores.playPurchase(Stores.PLAY_VIP, voided.userId, null).getString("purchaseToken");
        Stores.control("/_emulator/play/purchases/" + voidedToken + "/void", Map.of());
        voided.get("/api/payments/subscriptions/me").then().statusCode(404);
        assertEquals("REFUNDED", TestDb.string("select status from subscription where user_id = ?", voided.userId));
    }
}
