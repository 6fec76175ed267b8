package com.microdrama.storeemulator.play;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.androidpublisher.AndroidPublisher;
import com.google.api.services.androidpublisher.AndroidPublisherScopes;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.ServiceAccountCredentials;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The emulator under test as a server sees Google: Google's own AndroidPublisher client with a service-account key
 * file from the emulator, nothing changed but the root URL; and the control calls a test makes.
 */
final class PlayEmulator {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PlayEmulator() {
    }

    /** A package name of its own per test, so tests do not see each other's products and notifications. */
    static String newPackage() {
        return "com.microdrama.test" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static String serviceAccountKey(URL base) throws Exception {
        return call(base, "POST", "/_emulator/play/service-accounts", "{}").body();
    }

    static AndroidPublisher publisher(URL base) throws Exception {
        ServiceAccountCredentials credentials = ServiceAccountCredentials.fromStream(
                new ByteArrayInputStream(serviceAccountKey(base).getBytes(StandardCharsets.UTF_8)));
        return new AndroidPublisher.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
                new HttpCredentialsAdapter(credentials.createScoped(AndroidPublisherScopes.ANDROIDPUBLISHER)))
                .setRootUrl(base.toString())
                .setApplicationName("store-emulator-tests")
                .build();
    }

    static HttpResponse<String> call(URL base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A control call that must succeed; its JSON answer. */
    static JsonNode control(URL base, String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(base, method, path, body);
        if (response.statusCode() != 200) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static void inAppProduct(URL base, String packageName, String sku) throws Exception {
        control(base, "PUT", "/_emulator/play/apps/" + packageName + "/products/" + sku,
                "{\"type\":\"inapp\",\"defaultPrice\":{\"priceMicros\":\"990000\",\"currency\":\"USD\"},"
                        + "\"prices\":{\"US\":{\"priceMicros\":\"990000\",\"currency\":\"USD\"},\"DE\":{\"priceMicros\":\"1090000\",\"currency\":\"EUR\"}}}");
    }

    static void weeklySubscription(URL base, String packageName, String sku) throws Exception {
        control(base, "PUT", "/_emulator/play/apps/" + packageName + "/products/" + sku,
                "{\"type\":\"subs\",\"defaultPrice\":{\"priceMicros\":\"4990000\",\"currency\":\"USD\"},\"basePlanId\":\"weekly\","
                        + "\"period\":\"P7D\",\"freeTrial\":\"P3D\"}");
    }

    static JsonNode buy(URL base, String packageName, String productId, String query) throws Exception {
        return control(base, "POST", "/_emulator/play/apps/" + packageName + "/purchases" + query,
                "{\"productId\":\"" + productId + "\",\"obfuscatedExternalAccountId\":\"user-42\",\"regionCode\":\"DE\"}");
    }
}
