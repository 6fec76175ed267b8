package com.microdrama.e2e;

import com.microdrama.testsupport.Platform;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.bearer;
import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.GatewayCalls.send;

/** Bodies over 1 MB stop at the gateway with 413. */
class OversizeBodyIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> bodiesOverOneMegabyteAreRefusedWith413() {
        String big = "{\"packId\":\"" + "a".repeat(1_100_000) + "\"}";
        List<DynamicTest> cases = new ArrayList<>();
        for (String path : List.of("/api/payments/pack-purchases", "/api/payments/episode-unlocks", "/api/payments/series-unlocks",
                "/api/entitlements/me", "/api/catalog/episodes/" + fx.ep4 + "/playback")) {
            cases.add(refused("POST " + path + " with a 1.1 MB body → 413", () -> call("POST", path, bearer(fx.attacker), big, Map.of()), true, 413));
        }
        cases.add(refused("POST /api/payments/pack-purchases with a chunked 1.1 MB body (no Content-Length) → 413",
                () -> send(HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/payments/pack-purchases"))
                        .header("Authorization", bearer(fx.attacker)).header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))),
                true, 413));
        return cases.stream();
    }
}
