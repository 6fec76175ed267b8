package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Calls through the gateway for the negative security suite (java.net.http: raw paths are sent exactly as written,
 * nothing is normalized client-side), and the small JSON and URL helpers its cases share.
 */
final class GatewayCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private GatewayCalls() {
    }

    /** A request of a case, sent when the case runs. */
    interface Call {
        Reply get();
    }

    record Reply(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    /** body: null, a raw String, or an object serialized as JSON. POSTs get a fresh Idempotency-Key unless given. */
    static Reply call(String method, String pathAndQuery, String authorization, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + pathAndQuery));
        String text = body == null ? null : body instanceof String s ? s : write(body);
        request.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (text != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (method.equals("POST") && !headers.containsKey("Idempotency-Key")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        request.header("Accept", "application/json");
        headers.forEach(request::header);
        return send(request);
    }

    static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException("gateway not reachable at " + Platform.gatewayUrl() + " (bash deploy/local/platform.sh status)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(Reply reply, int expectedStatus) {
        assertEquals(expectedStatus, reply.status(), () -> "unexpected answer: " + reply);
        return parse(reply.body());
    }

    static String wallet(String token) {
        return walletOf(json(call("GET", "/api/payments/wallet", bearer(token), null, Map.of()), 200));
    }

    static String walletOf(JsonNode wallet) {
        return "balance=" + wallet.path("balance").asInt() + " paid=" + wallet.path("paidCoins").asInt()
                + " bonus=" + wallet.path("bonusCoins").asInt();
    }

    static int total(String path, String token) {
        return json(call("GET", path, bearer(token), null, Map.of()), 200).path("total").asInt();
    }

    static int port(String env, int fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
