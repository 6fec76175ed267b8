package com.microdrama.payment.it;

import com.microdrama.testsupport.MetricSamples;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * App Store purchases through the real endpoints (decision 0020): StoreKit 2 transactions the app reports and App
 * Store Server Notifications V2 as the emulator signs and posts them, verified with Apple's library.
 */
@QuarkusTest
@TestProfile(Stores.Profile.class)
class AppStoreIT {
    private static final String TRANSACTIONS = "/api/payments/app-store/transactions";
    private static final long PACK_COINS = 550;

    @Test
    void aConsumableIsCreditedOnceFromTheNotificationAndTheAppsReportAtTheStoresPrice() {
        Api viewer = Api.fresh("apple-coins");
        JsonPath bought = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_COINS, viewer.userId, null);
        assertEquals("delivered", bought.getString("notification.delivery.status"), "ONE_TIME_CHARGE reached us");
        assertEquals(PACK_COINS, viewer.balance());

        for (int i = 0; i < 2; i++) {
            viewer.post(TRANSACTIONS, null, Map.of("signedTransaction", bought.getString("signedTransaction")))
                    .then().statusCode(200)
                    .body("kind", equalTo("coin-pack"))
                    .body("purchase.status", equalTo("COMPLETED"))
                    .body("purchase.provider", equalTo("app-store"))
                    .body("transactionId", equalTo(bought.getString("transactionId")));
        }
        assertEquals(PACK_COINS, viewer.balance());
        assertEquals(1, TestDb.count("select count(*) from pack_purchase where provider = 'app-store' and provider_payment_id = ?",
                bought.getString("transactionId")));
        assertEquals("4.99 USD", TestDb.string("select price_amount || ' ' || currency from store_transaction where transaction_id = ?",
                bought.getString("transactionId")));
    }

    @Test
    void forgedExpiredForeignAndOtherAccountsTransactionsAreRefusedWithoutEffect() {
        Api viewer = Api.fresh("apple-forged");
        MetricSamples before = Api.metrics();
        for (String signing : new String[]{"expired", "untrusted"}) {
            JsonPath bought = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_COINS, viewer.userId,
                    "deliver=false&signing=" + signing);
            viewer.post(TRANSACTIONS, null, Map.of("signedTransaction", bought.getString("signedTransaction")))
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("type", equalTo(Api.PROBLEM + "invalid-store-signature"));
            Stores.postAppleNotification(bought.getString("notification.signedPayload")).then().statusCode(422);
        }
        JsonPath otherApp = Stores.applePurchase(Stores.OTHER_BUNDLE_ID, Stores.APPLE_COINS, viewer.userId, "deliver=false");
        viewer.post(TRANSACTIONS, null, Map.of("signedTransaction", otherApp.getString("signedTransaction")))
                .then().statusCode(422).body("verification", equalTo("INVALID_APP_IDENTIFIER"));

        Api other = Api.fresh("apple-other");
        JsonPath theirs = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_COINS, other.userId, "deliver=false");
        viewer.post(TRANSACTIONS, null, Map.of("signedTransaction", theirs.getString("signedTransaction")))
                .then().statusCode(403).body("type", equalTo(Api.PROBLEM + "store-account-mismatch"));

        assertEquals(0, viewer.balance());
        assertEquals(0, TestDb.count("select count(*) from pack_purchase where user_id = ?", viewer.userId));
        // the two refused notifications on the counter of the webhook signature alert, once each
        assertEquals(2, Api.metrics().delta(before, "microdrama_webhooks_total",
                "provider", "app-store", "outcome", "invalid_signature"));
    }

    @Test
    void aRefundTakesTheCoinsBackAndItsReversalGivesThemBackOnce() {
        Api viewer = Api.fresh("apple-refund");
        JsonPath bought = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_COINS, viewer.userId, null);
        assertEquals(PACK_COINS, viewer.balance());

        JsonPath refund = Stores.appleTransaction(bought.getString("transactionId"), "refund");
        assertEquals("delivered", refund.getString("delivery.status"));
        assertEquals(0, viewer.balance());
        // Apple delivers it again: nothing more is taken
        Stores.postAppleNotification(refund.getString("signedPayload")).then().statusCode(200).body("duplicate", equalTo(true));

        Stores.appleTransaction(bought.getString("transactionId"), "refund-reversed");
        assertEquals(PACK_COINS, viewer.balance());
        assertTrue(TestDb.string("select cast(revoked_at as text) from store_transaction where transaction_id = ?",
                bought.getString("transactionId")) == null);
    }

    @Test
    void aSubscriptionFollowsTheStoreFromTrialThroughGraceAndRecoveryToExpiry() {
        Api viewer = Api.fresh("apple-vip");
        JsonPath bought = Stores.appleTrial(Stores.APPLE_VIP, viewer.userId);
        String original = bought.getString("originalTransactionId");
        viewer.get("/api/payments/subscriptions/me").then().statusCode(200)
                .body("status", equalTo("TRIALING")).body("provider", equalTo("app-store"));

        viewer.post(TRANSACTIONS, null, Map.of("signedTransaction", bought.getString("signedTransaction")))
                .then().statusCode(200).body("kind", equalTo("subscription")).body("subscription.status", equalTo("TRIALING"));

        Stores.appleSubscription(original, "renew", null, null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("ACTIVE"));

        Stores.appleSubscription(original, "fail-renewal", Map.of("gracePeriod", true), null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("PAST_DUE"));

        Stores.appleSubscription(original, "renew", null, null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("ACTIVE"));

        // cancelling is done in the App Store, not here
        viewer.post("/api/payments/subscriptions/me/cancel", "apple-cancel-" + viewer.userId).then().statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "subscription-managed-by-store"));
        Stores.appleSubscription(original, "auto-renew", Map.of("enabled", false), null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("CANCELLED"));

        Stores.appleSubscription(original, "expire", Map.of("subtype", "VOLUNTARY"), null);
        viewer.get("/api/payments/subscriptions/me").then().statusCode(404);
        assertEquals("EXPIRED", TestDb.string("select status from subscription where user_id = ? order by created_at desc limit 1",
                viewer.userId));
        assertTrue(TestDb.count("select count(*) from store_transaction where store_subscription_id = ?", original) >= 3,
                "the trial and each renewal recorded");
    }

    @Test
    void aLateNotificationNeverUndoesANewerOneAndDuplicatesChangeNothing() {
        Api viewer = Api.fresh("apple-order");
        String original = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_VIP, viewer.userId, null)
                .getString("originalTransactionId");
        JsonPath off = Stores.appleSubscription(original, "auto-renew", Map.of("enabled", false), "deliver=false");
        JsonPath on = Stores.appleSubscription(original, "auto-renew", Map.of("enabled", true), "deliver=false");

        Stores.postAppleNotification(on.getString("signedPayload")).then().statusCode(200);
        String outcome = Stores.postAppleNotification(off.getString("signedPayload")).then().statusCode(200)
                .extract().path("outcome");
        assertTrue(outcome.startsWith("ignored: stale"), outcome);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("ACTIVE"));

        Stores.postAppleNotification(on.getString("signedPayload")).then().statusCode(200).body("duplicate", equalTo(true));
    }

    @Test
    void aRefundOrRevocationEndsVipAndTheTestNotificationIsAcknowledged() {
        Api viewer = Api.fresh("apple-vip-refund");
        JsonPath bought = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_VIP, viewer.userId, null);
        Stores.appleSubscription(bought.getString("originalTransactionId"), "renew", null, null);
        String renewal = TestDb.string("select transaction_id from store_transaction where store_subscription_id = ?"
                + " order by purchased_at desc limit 1", bought.getString("originalTransactionId"));

        Stores.appleTransaction(renewal, "refund");
        assertEquals("REFUNDED", TestDb.string("select status from subscription where user_id = ? order by created_at desc limit 1",
                viewer.userId));
        assertEquals(1, TestDb.count("select count(*) from refund where user_id = ? and kind = 'subscription' and source = 'app-store'",
                viewer.userId));

        Api family = Api.fresh("apple-revoke");
        String original = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_VIP, family.userId, null)
                .getString("originalTransactionId");
        Stores.appleSubscription(original, "revoke", null, null);
        family.get("/api/payments/subscriptions/me").then().statusCode(404);

        Stores.control("/_emulator/app-store/apps/" + Stores.BUNDLE_ID + "/test-notification", Map.of());
        assertTrue(TestDb.count("select count(*) from provider_event where provider = 'app-store' and type = 'TEST'") >= 1);
    }

    @Test
    void billingRetryWithoutGraceEndsAccessAndTheRecoveryStartsANewWindow() {
        Api viewer = Api.fresh("apple-retry");
        String original = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_VIP, viewer.userId, null)
                .getString("originalTransactionId");

        Stores.appleSubscription(original, "fail-renewal", Map.of("gracePeriod", false), null);
        viewer.get("/api/payments/subscriptions/me").then().statusCode(404);

        Stores.appleSubscription(original, "renew", null, null);
        viewer.get("/api/payments/subscriptions/me").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(2, TestDb.count("select count(*) from subscription where user_id = ? and provider = 'app-store'",
                viewer.userId), "the ended row stays ended; the recovered access is a new row");
    }

    @Test
    void theGracePeriodEndingEndsAccess() {
        Api viewer = Api.fresh("apple-grace-end");
        String original = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_VIP, viewer.userId, null)
                .getString("originalTransactionId");
        Stores.appleSubscription(original, "fail-renewal", Map.of("gracePeriod", true), null);
        viewer.get("/api/payments/subscriptions/me").then().body("status", equalTo("PAST_DUE"));

        Stores.appleSubscription(original, "grace-expired", null, null);
        viewer.get("/api/payments/subscriptions/me").then().statusCode(404);
    }

    @Test
    void aReversedSubscriptionRefundGivesVipBackAsANewWindow() {
        Api viewer = Api.fresh("apple-vip-reversed");
        JsonPath bought = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_VIP, viewer.userId, null);
        Stores.appleTransaction(bought.getString("transactionId"), "refund");
        viewer.get("/api/payments/subscriptions/me").then().statusCode(404);

        Stores.appleTransaction(bought.getString("transactionId"), "refund-reversed");
        viewer.get("/api/payments/subscriptions/me").then().statusCode(200).body("status", equalTo("ACTIVE"));
        assertEquals(1, TestDb.count("select count(*) from subscription where user_id = ? and status = 'REFUNDED'", viewer.userId));
    }

    @Test
    void aRefundThatArrivesBeforeThePurchaseMakesTheLaterReportBuyNothing() {
        Api viewer = Api.fresh("apple-refund-first");
        JsonPath bought = Stores.applePurchase(Stores.BUNDLE_ID, Stores.APPLE_COINS, viewer.userId, "deliver=false");
        Stores.appleTransaction(bought.getString("transactionId"), "refund");

        viewer.post(TRANSACTIONS, null, Map.of("signedTransaction", bought.getString("signedTransaction")))
                .then().statusCode(409).body("type", equalTo(Api.PROBLEM + "store-transaction-revoked"));
        Stores.postAppleNotification(bought.getString("notification.signedPayload")).then().statusCode(200);
        assertEquals(0, viewer.balance());
    }
}
