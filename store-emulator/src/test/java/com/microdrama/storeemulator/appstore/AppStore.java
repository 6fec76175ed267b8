package com.microdrama.storeemulator.appstore;

import com.apple.itunes.storekit.model.Environment;
import com.apple.itunes.storekit.verification.SignedDataVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.storeemulator.delivery.NotificationReceiver;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's control surface as a test drives it, and Apple's own verifier configured as payment-service
 * configures it: the emulator's root as the only trusted root, SANDBOX, online checks off.
 */
final class AppStore {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong APP_IDS = new AtomicLong(6_000_000_000L);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final URI base;
    final String bundleId;
    final long appAppleId;

    private AppStore(URI base, String bundleId, long appAppleId) {
        this.base = base;
        this.bundleId = bundleId;
        this.appAppleId = appAppleId;
    }

    /** A new app whose notifications go to the receiver's path {@code name}, with a consumable and a VIP subscription. */
    static AppStore app(URL emulator, String name) throws Exception {
        AppStore store = new AppStore(emulator.toURI(), "com.microdrama.test." + name, APP_IDS.incrementAndGet());
        store.call("PUT", "/_emulator/app-store/apps/" + store.bundleId, "{\"appAppleId\":" + store.appAppleId
                + ",\"environment\":\"Sandbox\",\"notificationUrl\":\"" + NotificationReceiver.url(name) + "\"}", 200);
        store.call("PUT", store.appPath("/products/coins.100"),
                "{\"type\":\"Consumable\",\"price\":\"0.99\",\"currency\":\"USD\"}", 200);
        store.call("PUT", store.appPath("/products/vip.weekly"), "{\"type\":\"Auto-Renewable Subscription\",\"price\":\"4.99\","
                + "\"currency\":\"USD\",\"subscriptionGroupIdentifier\":\"vip\",\"period\":\"P7D\",\"freeTrial\":\"P3D\"}", 200);
        return store;
    }

    String appPath(String rest) {
        return "/_emulator/app-store/apps/" + bundleId + rest;
    }

    JsonNode purchase(String productId, String appAccountToken, boolean freeTrial) throws Exception {
        return call("POST", appPath("/purchases"), "{\"productId\":\"" + productId + "\",\"appAccountToken\":\""
                + appAccountToken + "\",\"freeTrial\":" + freeTrial + "}", 200);
    }

    JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    byte[] rootCertificate(String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/_emulator/app-store/root-certificate" + query)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    SignedDataVerifier verifier() throws Exception {
        return new SignedDataVerifier(Set.of(new ByteArrayInputStream(rootCertificate(""))), bundleId, appAppleId,
                Environment.SANDBOX, false);
    }
}
