package com.microdrama.payment.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * payment-service selling through the local platform's store emulator (decision 0020), as through Apple and Google:
 * the test instance registers its app at both stores with its own notification URLs, trusts the emulator's App Store
 * root (Sandbox only) and signs in to the Android Publisher API with a service-account key the emulator issued.
 */
public final class Stores {
    static final String EMULATOR = "http://127.0.0.1:12112";
    static final String BUNDLE_ID = "com.microdrama.reels.test";
    static final String OTHER_BUNDLE_ID = "com.microdrama.other.test";
    static final long APP_APPLE_ID = 6400000001L;
    static final String PACKAGE = "com.microdrama.reels.test";
    static final String PUSH_AUDIENCE = "https://payments.microdrama.test/play-rtdn";
    static final String APPLE_COINS = "com.microdrama.coins.500";
    static final String APPLE_VIP = "com.microdrama.vip.weekly";
    static final String PLAY_COINS = "coins_500";
    static final String PLAY_VIP = "vip_weekly";
    static final String WEBHOOKS = "http://127.0.0.1:" + StripeBilling.TEST_PORT + "/api/payments/webhooks/";

    private Stores() {
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("payment.app-store.bundle-id", BUNDLE_ID);
            config.put("payment.app-store.app-apple-id", Long.toString(APP_APPLE_ID));
            config.put("payment.app-store.environments", "Sandbox");
            config.put("payment.app-store.online-checks", "false");
            config.put("payment.play.package-name", PACKAGE);
            config.put("payment.play.api-root", EMULATOR + "/");
            config.put("payment.play.push-jwks-url", EMULATOR + "/oauth2/v3/certs");
            config.put("payment.play.push-audience", PUSH_AUDIENCE);
            config.put("payment.play.push-service-account", "play-rtdn-push@local-project.iam.gserviceaccount.com");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Resource.class));
        }
    }

    /** Registers the apps and products at the emulator and hands the service the root and the key it needs. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            for (String bundle : List.of(BUNDLE_ID, OTHER_BUNDLE_ID)) {
                control("PUT", "/_emulator/app-store/apps/" + bundle, Map.of("appAppleId", APP_APPLE_ID,
                        "environment", "Sandbox", "notificationUrl", WEBHOOKS + "app-store"));
                control("PUT", "/_emulator/app-store/apps/" + bundle + "/products/" + APPLE_COINS,
                        Map.of("type", "Consumable", "price", "4.99", "currency", "USD"));
                control("PUT", "/_emulator/app-store/apps/" + bundle + "/products/" + APPLE_VIP,
                        Map.of("type", "Auto-Renewable Subscription", "price", "19.99", "currency", "USD",
                                "subscriptionGroupIdentifier", "vip", "period", "P7D", "freeTrial", "P3D"));
            }
            control("PUT", "/_emulator/play/apps/" + PACKAGE, Map.of("pushEndpoint", WEBHOOKS + "play",
                    "audience", PUSH_AUDIENCE));
            control("PUT", "/_emulator/play/apps/" + PACKAGE + "/products/" + PLAY_COINS, Map.of("type", "inapp",
                    "defaultPrice", Map.of("priceMicros", "4990000", "currency", "USD"),
                    "prices", Map.of("DE", Map.of("priceMicros", "5490000", "currency", "EUR"))));
            control("PUT", "/_emulator/play/apps/" + PACKAGE + "/products/" + PLAY_VIP, Map.of("type", "subs",
                    "defaultPrice", Map.of("priceMicros", "19990000", "currency", "USD"), "basePlanId", "weekly",
                    "period", "P7D"));
            Path dir = Path.of("target", "store-emulator");
            try {
                Files.createDirectories(dir);
                Path root = dir.resolve("app-store-root.pem");
                Files.writeString(root, given().get(EMULATOR + "/_emulator/app-store/root-certificate")
                        .then().statusCode(200).extract().asString(), StandardCharsets.UTF_8);
                Path key = dir.resolve("play-service-account.json");
                Files.writeString(key, given().contentType(ContentType.JSON).body(Map.of())
                        .post(EMULATOR + "/_emulator/play/service-accounts").then().statusCode(200).extract().asString(),
                        StandardCharsets.UTF_8);
                return Map.of("payment.app-store.root-certificates", "file:" + root.toAbsolutePath(),
                        "payment.play.service-account-key", "file:" + key.toAbsolutePath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    /** A call to the emulator's control surface; fails the test unless it answers 2xx. */
    static JsonPath control(String method, String path, Object body) {
        var spec = RestAssured.given().contentType(ContentType.JSON);
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.request(method, EMULATOR + path).then().statusCode(org.hamcrest.Matchers.lessThan(300))
                .extract().jsonPath();
    }

    static JsonPath control(String path, Object body) {
        return control("POST", path, body);
    }

    // ---- App Store ------------------------------------------------------------------------------------------------

    /** What StoreKit 2 gives the app after a purchase in the test app (or {@code bundle}). */
    static JsonPath applePurchase(String bundle, String productId, String appAccountToken, String query) {
        return control("/_emulator/app-store/apps/" + bundle + "/purchases" + (query == null ? "" : "?" + query),
                Map.of("productId", productId, "appAccountToken", appAccountToken));
    }

    /** A first subscription with the product's free trial (StoreKit offers it to an eligible account). */
    static JsonPath appleTrial(String productId, String appAccountToken) {
        return control("/_emulator/app-store/apps/" + BUNDLE_ID + "/purchases",
                Map.of("productId", productId, "appAccountToken", appAccountToken, "freeTrial", true));
    }

    static JsonPath appleSubscription(String originalTransactionId, String action, Object body, String query) {
        return control("/_emulator/app-store/subscriptions/" + originalTransactionId + "/" + action
                + (query == null ? "" : "?" + query), body == null ? Map.of() : body);
    }

    static JsonPath appleTransaction(String transactionId, String action) {
        return control("/_emulator/app-store/transactions/" + transactionId + "/" + action, Map.of());
    }

    /** A notification as Apple posts it. */
    static io.restassured.response.Response postAppleNotification(String signedPayload) {
        return given().contentType(ContentType.JSON).body(Map.of("signedPayload", signedPayload))
                .post("/api/payments/webhooks/app-store");
    }

    // ---- Google Play ----------------------------------------------------------------------------------------------

    static JsonPath playPurchase(String productId, String accountId, String query) {
        return control("/_emulator/play/apps/" + PACKAGE + "/purchases" + (query == null ? "" : "?" + query),
                Map.of("productId", productId, "obfuscatedExternalAccountId", accountId));
    }

    static JsonPath playSubscription(String purchaseToken, String action, String query) {
        return control("/_emulator/play/subscriptions/" + purchaseToken + "/" + action + (query == null ? "" : "?" + query), Map.of());
    }
}
