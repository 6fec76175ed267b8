package com.microdrama.entitlement.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.testsupport.KeycloakClients;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
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

    private UnlistedServiceClient() {
    }

    /** A client-credentials token of the client, created first if needed. */
    static String token() {
        String admin = adminToken();
        String id = KeycloakClients.ensure(admin, representation());
        JsonNode account = KeycloakClients.read(KeycloakClients.admin(admin, "GET", "/clients/" + id + "/service-account-user", null, 200));
        JsonNode serviceRole = KeycloakClients.read(KeycloakClients.admin(admin, "GET", "/roles/service", null, 200));
        // assigning a role the account already has is a no-op (204)
        String roles = "/users/" + account.path("id").asText() + "/role-mappings/realm";
        KeycloakClients.admin(admin, "POST", roles, List.of(serviceRole), 204);
        String secret = KeycloakClients.read(KeycloakClients.admin(admin, "GET", "/clients/" + id + "/client-secret", null, 200))
                .path("value").asText();
        return KeycloakTokens.serviceToken(CLIENT_ID, secret);
    }

    private static Map<String, Object> representation() {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", CLIENT_ID);
        client.put("name", "entitlement-service tests only: has the service role, is not an allowed caller");
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        client.put("protocolMappers", List.of(KeycloakClients.AUDIENCE_MAPPER));
        return client;
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
}
