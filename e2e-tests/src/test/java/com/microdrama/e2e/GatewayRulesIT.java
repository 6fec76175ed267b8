package com.microdrama.e2e;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.bearer;
import static com.microdrama.e2e.GatewayCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's own rules: operator paths hidden, odd methods, request ids, security headers. */
class GatewayRulesIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> gatewayHidesOperatorPathsAndHardensEveryAnswer() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String path : List.of("/q/health", "/q/health/ready", "/q/openapi", "/q/metrics", "/q/dev/", "/q",
                "/api/payments/../../q/health", "/api/payments/%2e%2e/%2e%2e/q/health", "/api/payments/..%2F..%2Fq/openapi",
                "/api/entitlements/%2E%2E/%2E%2E/q/health/ready", "//q/health", "/api/catalog/../../q/openapi?format=json")) {
            cases.add(refused("GET " + path + " through the gateway → 404", () -> call("GET", path, null, null, Map.of()), false,
                    r -> assertFalse(r.body().contains("\"checks\"") || r.body().contains("openapi"), "no operator document leaks"), 404));
        }
        cases.add(refused("GET with a 12k-character path → 414 problem from the gateway",
                () -> call("GET", "/api/catalog/series/" + "x".repeat(12_000), null, null, Map.of()), false, 414));
        cases.add(refused("GET with a 12k-character header → 400 problem from the gateway",
                () -> call("GET", "/api/catalog/series", null, null, Map.of("X-Padding", "x".repeat(12_000))), false, 400, 431));
        cases.add(refused("GET with a NUL byte (%00) in the path → 400 problem from the gateway",
                () -> call("GET", "/api/catalog/series/a%00b", null, null, Map.of()), false, 400));
        for (String method : List.of("TRACE", "PROPFIND", "DEBUG")) {
            cases.add(refused(method + " /api/catalog/series → 405", () -> call(method, "/api/catalog/series", null, null, Map.of()),
                    false, 405, 400));
        }
        for (String rid : List.of("<script>alert(1)</script>", "a".repeat(200), "id with spaces")) {
            cases.add(refused("X-Request-Id '" + rid.substring(0, Math.min(rid.length(), 20)) + "…' is replaced, not echoed",
                    () -> call("GET", "/api/catalog/series", null, null, Map.of("X-Request-Id", rid)), false,
                    r -> {
                        assertNotEquals(rid, r.header("X-Request-Id"));
                        assertTrue(r.header("X-Request-Id").matches("[A-Za-z0-9._:-]{1,128}"), "a generated id instead");
                    }, 200));
        }
        for (String path : List.of("/api/payments/wallet", "/api/entitlements/me")) {
            cases.add(refused("GET " + path + " answers with security headers and Cache-Control: no-store",
                    () -> call("GET", path, bearer(fx.attacker), null, Map.of()), false,
                    r -> {
                        assertEquals("no-store", r.header("Cache-Control"));
                        assertEquals("nosniff", r.header("X-Content-Type-Options"));
                        assertEquals("DENY", r.header("X-Frame-Options"));
                        assertEquals("no-referrer", r.header("Referrer-Policy"));
                    }, 200));
        }
        return cases.stream();
    }
}
