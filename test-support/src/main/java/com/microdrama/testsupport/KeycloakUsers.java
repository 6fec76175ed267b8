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
     * A new user with role {@code user} and the given Keycloak user attributes (e.g. {@code region}, which the realm
     * maps into the access token); returns its access token from the "app" client.
     */
    public static String newViewerTokenWithAttributes(Map<String, String> attributes) {
        String username = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(username, username, attributes);
        return KeycloakTokens.userToken(username, username);
    }

    public static void createUser(String username, String password) {
        createUser(username, password, Map.of());
    }

    private static void createUser(String username, String password, Map<String, String> attributes) {
        Map<String, Object> user = new LinkedHashMap<>(Map.of(
                "username", username,
                "enabled", true,
                "email", username + "@viewers.microdrama.example",
                "emailVerified", true,
                "firstName", "Test",
                "lastName", "Viewer",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        if (!attributes.isEmpty()) {
            // Keycloak keeps every attribute as a list of values
            Map<String, List<String>> values = new LinkedHashMap<>();
            attributes.forEach((name, value) -> values.put(name, List.of(value)));
            user.put("attributes", values);
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

    private static String adminToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(env("KC_ADMIN", "admin"))
                + "&password=" + enc(env("KC_ADMIN_PASSWORD", "admin"));
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
