package com.microdrama.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creates fresh viewers in realm "microdrama" through Keycloak's admin API, so a test that spends coins or unlocks
 * episodes starts from an empty wallet however often it runs.
 */
public final class KeycloakUsers {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakUsers() {
    }

    /** A new user with role {@code user} (the realm default); returns its access token from the "app" client. */
    public static String newViewerToken(String namePrefix) {
        String username = namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(username, username);
        return KeycloakTokens.userToken(username, username);
    }

    /**
     * A new viewer with user-profile attributes, e.g. {@code region} (ISO 3166-1 alpha-2, upper case) and
     * {@code birthdate} (YYYY-MM-DD): the realm maps {@code region} into the app's access tokens and the
     * {@code profile} scope maps {@code birthdate}, so the returned token carries them as claims.
     */
    public static String newViewerToken(String namePrefix, Map<String, String> attributes) {
        String username = namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(username, username, attributes);
        return KeycloakTokens.userToken(username, username);
    }

    /** {@link #newViewerToken(String, Map)} with a generic name prefix. */
    public static String newViewerTokenWithAttributes(Map<String, String> attributes) {
        return newViewerToken("viewer", attributes);
    }

    /**
     * A new viewer born {@code years} years ago today (UTC), with a {@code region} claim unless {@code region} is
     * null; returns its access token.
     */
    public static String newViewerToken(String namePrefix, int years, String region) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("birthdate", LocalDate.now(ZoneOffset.UTC).minusYears(years).toString());
        if (region != null) {
            attributes.put("region", region);
        }
        return newViewerToken(namePrefix, attributes);
    }

    public static void createUser(String username, String password) {
        createUser(username, password, Map.of());
    }

    /** A user with single-valued attributes; the realm's user profile validates them (a refusal is an exception). */
    public static void createUser(String username, String password, Map<String, String> attributes) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("enabled", true);
        user.put("email", username + "@viewers.microdrama.example");
        user.put("emailVerified", true);
        user.put("firstName", "Test");
        user.put("lastName", "Viewer");
        user.put("credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
        if (!attributes.isEmpty()) {
            Map<String, List<String>> multi = new LinkedHashMap<>();
            attributes.forEach((name, value) -> multi.put(name, List.of(value)));
            user.put("attributes", multi);
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(Platform.keycloakUrl() + "/admin/realms/microdrama/users"))
                    .header("Authorization", "Bearer " + adminToken())
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user)))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("Keycloak did not create user " + username + " (" + response.statusCode() + "): "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak not reachable at " + Platform.keycloakUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An access token of the master realm's admin, for test set-up through the admin API of realm microdrama. */
    public static String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(env("KC_ADMIN", "admin"))
                + "&password=" + enc(LocalSecrets.keycloakAdminPassword());
        HttpRequest request = HttpRequest.newBuilder(URI.create(Platform.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin sign-in refused (" + response.statusCode() + "): " + response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
