package com.microdrama.entitlement.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
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

/**
 * A test-only confidential client of realm microdrama whose service account HAS the {@code service} role but is not
 * one of the clients entitlement-service lets call its service endpoints: what a misconfigured or newly added client
 * would look like. Created at run time through Keycloak's admin API (idempotent), never in the realm file, so the
 * shipped realm carries no such client and nothing forces a re-import.
 */
final class UnlistedServiceClient {
    static final String CLIENT_ID = "it-unlisted-service";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM_ADMIN = Platform.keycloakUrl() + "/admin/realms/microdrama";

    private UnlistedServiceClient() {
    }

    /** A client-credentials token of the client, created first if needed. */
    static String token() {
        String admin = adminToken();
        String id = ensureClient(admin);
        JsonNode account = read(call(admin, "GET", "/clients/" + id + "/service-account-user", null, 200));
        JsonNode serviceRole = read(call(admin, "GET", "/roles/service", null, 200));
        // assigning a role the account already has is a no-op (204)
        String roles = "/users/" + account.path("id").asText() + "/role-mappings/realm";
        call(admin, "POST", roles, List.of(serviceRole), 204);
        String secret = read(call(admin, "GET", "/clients/" + id + "/client-secret", null, 200)).path("value").asText();
        return KeycloakTokens.serviceToken(CLIENT_ID, secret);
    }

    private static String ensureClient(String admin) {
        String byClientId = "/clients?clientId=" + URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8);
        JsonNode found = read(call(admin, "GET", byClientId, null, 200));
        if (found.size() == 0) {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("clientId", CLIENT_ID);
            client.put("name", "entitlement-service tests only: has the service role, is not an allowed caller");
            client.put("enabled", true);
            client.put("protocol", "openid-connect");
            client.put("publicClient", false);
            client.put("serviceAccountsEnabled", true);
            client.put("standardFlowEnabled", false);
            client.put("directAccessGrantsEnabled", false);
            client.put("protocolMappers", List.of(Map.of(
                    "name", "audience-microdrama-api",
                    "protocol", "openid-connect",
                    "protocolMapper", "oidc-audience-mapper",
                    "config", Map.of("included.custom.audience", "microdrama-api",
                            "id.token.claim", "false", "access.token.claim", "true"))));
            HttpResponse<String> created = send(admin, "POST", "/clients", client);
            // 409: a parallel run created it meanwhile
            if (created.statusCode() != 201 && created.statusCode() != 409) {
                throw new IllegalStateException("Keycloak did not create " + CLIENT_ID
                        + " (" + created.statusCode() + "): " + created.body());
            }
            found = read(call(admin, "GET", byClientId, null, 200));
        }
        return found.get(0).path("id").asText();
    }

    private static String call(String admin, String method, String path, Object body, int expected) {
        HttpResponse<String> response = send(admin, method, path, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static HttpResponse<String> send(String admin, String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(REALM_ADMIN + path))
                    .header("Authorization", "Bearer " + admin)
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

    private static String adminToken() {
        try {
            return KeycloakUsers.adminToken();
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak not reachable at " + Platform.keycloakUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
