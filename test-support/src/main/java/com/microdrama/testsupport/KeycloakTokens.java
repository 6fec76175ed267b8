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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Real access tokens from the local Keycloak realm "microdrama", for tests that must see real token validation. */
public final class KeycloakTokens {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakTokens() {
    }

    /** Password grant through the public client "app", as a demo or test user signs in. */
    public static String userToken(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "app");
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        return requestToken(form);
    }

    /** Client-credentials grant for a confidential service client, with its local secret ({@link LocalSecrets}). */
    public static String serviceToken(String clientId) {
        return serviceToken(clientId, LocalSecrets.clientSecret(clientId));
    }

    /** Client-credentials grant for a confidential service client. */
    public static String serviceToken(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return requestToken(form);
    }

    /** The {@code sub} claim of a token: the user id every service uses. */
    public static String subject(String accessToken) {
        String[] parts = accessToken.split("\\.");
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("sub").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String requestToken(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(Platform.realmUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token (" + response.statusCode() + "): " + response.body()
                        + " -- is the platform up? bash deploy/local/platform.sh status");
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak not reachable at " + Platform.keycloakUrl()
                    + " -- start it with: bash deploy/local/platform.sh up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
