package com.microdrama.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;

/**
 * Test-only Keycloak clients of realm microdrama, created at run time through the admin API (idempotent) rather than
 * in the realm file, so the shipped realm carries none of them and nothing forces a re-import that wipes runtime users.
 */
public final class KeycloakClients {
    /** The mapper every client of the apps and services has: access tokens carry audience {@code microdrama-api}. */
    public static final Map<String, Object> AUDIENCE_MAPPER = Map.of(
            "name", "audience-microdrama-api",
            "protocol", "openid-connect",
            "protocolMapper", "oidc-audience-mapper",
            "config", Map.of("included.custom.audience", "microdrama-api",
                    "id.token.claim", "false", "access.token.claim", "true"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakClients() {
    }

    /**
     * The internal id of the client {@code representation.clientId}, created from the representation when it does not
     * exist yet (a 409 means a parallel run created it meanwhile).
     */
    public static String ensure(String adminToken, Map<String, Object> representation) {
        String byClientId = "/clients?clientId=" + URLEncoder.encode(String.valueOf(representation.get("clientId")),
                StandardCharsets.UTF_8);
        JsonNode found = read(admin(adminToken, "GET", byClientId, null, 200));
        if (found.size() == 0) {
            HttpResponse<String> created = send(adminToken, "POST", "/clients", representation);
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("Keycloak did not create client " + representation.get("clientId")
                        + " (" + created.statusCode() + "): " + created.body());
            }
            found = read(admin(adminToken, "GET", byClientId, null, 200));
        }
        return found.get(0).path("id").asText();
    }

    /** One call of realm microdrama's admin API ({@code path} below {@code /admin/realms/microdrama}); its body. */
    public static String admin(String adminToken, String method, String path, Object body, int expected) {
        HttpResponse<String> response = send(adminToken, method, path, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    public static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(String adminToken, String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(Platform.keycloakUrl() + "/admin/realms/microdrama" + path))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10))
                    .method(method, publisher)
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak not reachable at " + Platform.keycloakUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
