package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.testsupport.LocalSecrets;
import com.microdrama.testsupport.KeycloakClients;
import com.microdrama.testsupport.Platform;

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
import java.util.stream.Collectors;

/**
 * Test-only Keycloak clients for tokens the real apps can never get, created at run time through the admin API
 * (idempotent) rather than in deploy/keycloak/microdrama-realm.json, so the shipped realm carries no client without
 * the audience mapper and editing it never forces a re-import that wipes runtime users:
 * <ul>
 *   <li>{@value #SHORT_LIVED}: like "app", but access tokens live {@value #SHORT_LIFESPAN_SECONDS} s (expired-token cases);</li>
 *   <li>{@value #NO_AUDIENCE}: like "app", but without the {@code microdrama-api} audience mapper.</li>
 * </ul>
 */
final class KeycloakTestClients {
    static final String SHORT_LIVED = "e2e-short-lived";
    static final String NO_AUDIENCE = "e2e-no-audience";
    static final int SHORT_LIFESPAN_SECONDS = 2;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakTestClients() {
    }

    static void ensureTestClients() {
        String admin = masterAdminToken();
        ensureClient(admin, SHORT_LIVED, Map.of("access.token.lifespan", String.valueOf(SHORT_LIFESPAN_SECONDS)), true);
        ensureClient(admin, NO_AUDIENCE, Map.of(), false);
    }

    /** Password grant in realm microdrama through the given public client; the whole token response. */
    static JsonNode passwordGrant(String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(Platform.realmUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + username + " via " + clientId + " ("
                    + response.statusCode() + "): " + response.body());
        }
        return read(response.body());
    }

    /** An access token of the master realm's admin (admin-cli): valid signature, wrong issuer for our services. */
    static String masterAdminToken() {
        String form = form(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", env("KC_ADMIN", "admin"), "password", LocalSecrets.keycloakAdminPassword()));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(Platform.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("master realm admin sign-in refused (" + response.statusCode() + "): " + response.body());
        }
        return read(response.body()).path("access_token").asText();
    }

    private static void ensureClient(String adminToken, String clientId, Map<String, String> attributes, boolean withAudience) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", clientId);
        client.put("name", "e2e tests only (created by e2e-tests KeycloakTestClients)");
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", true);
        client.put("fullScopeAllowed", true);
        client.put("attributes", attributes);
        if (withAudience) {
            client.put("protocolMappers", List.of(KeycloakClients.AUDIENCE_MAPPER));
        }
        KeycloakClients.ensure(adminToken, client);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak not reachable at " + Platform.keycloakUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
