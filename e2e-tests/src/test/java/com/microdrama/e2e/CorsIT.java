package com.microdrama.e2e;

import com.microdrama.e2e.GatewayCalls.Reply;
import com.microdrama.testsupport.Platform;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.GatewayCalls.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS answers only the listed origins. */
class CorsIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> corsAnswersOnlyTheListedOrigins() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String origin : List.of("http://127.0.0.1:3000", "http://localhost:3000")) {
            cases.add(refused("preflight from allowed origin " + origin + " → 204 with CORS headers",
                    () -> preflight(origin), false, r -> {
                        assertEquals(origin, r.header("Access-Control-Allow-Origin"));
                        String allowed = String.valueOf(r.header("Access-Control-Allow-Headers")).toLowerCase();
                        for (String h : List.of("authorization", "content-type", "idempotency-key", "x-request-id")) {
                            assertTrue(allowed.contains(h), "Access-Control-Allow-Headers has " + h + ": " + allowed);
                        }
                        assertTrue(String.valueOf(r.header("Access-Control-Allow-Methods")).contains("POST"));
                    }, 204));
            cases.add(refused("GET from allowed origin " + origin + " exposes X-Request-Id and Retry-After",
                    () -> call("GET", "/api/catalog/series", null, null, Map.of("Origin", origin)), false, r -> {
                        assertEquals(origin, r.header("Access-Control-Allow-Origin"));
                        String exposed = String.valueOf(r.header("Access-Control-Expose-Headers"));
                        assertTrue(exposed.contains("X-Request-Id") && exposed.contains("Retry-After"), exposed);
                    }, 200));
        }
        for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:3000.evil.example",
                "https://127.0.0.1:3000", "http://localhost:30000", "http://127.0.0.1:3001", "*")) {
            cases.add(refused("preflight from disallowed origin " + origin + " gets no CORS headers",
                    () -> preflight(origin), false, CorsIT::assertNoCorsHeaders, 204, 403));
            cases.add(refused("GET from disallowed origin " + origin + " gets no CORS headers",
                    () -> call("GET", "/api/catalog/series", null, null, Map.of("Origin", origin)), false,
                    CorsIT::assertNoCorsHeaders, 200));
        }
        return cases.stream();
    }

    private static void assertNoCorsHeaders(Reply reply) {
        for (String h : List.of("Access-Control-Allow-Origin", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers")) {
            assertNull(reply.header(h), h + " must not be sent to a disallowed origin: " + reply.headers());
        }
    }

    private Reply preflight(String origin) {
        return send(HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/payments/episode-unlocks"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key,x-request-id"));
    }
}
