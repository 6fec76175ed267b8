package com.microdrama.e2e;

import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.Platform;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.bearer;

/** A parallel flood gets 429 with Retry-After, and a well-behaved client is served again shortly. */
class RateLimitIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> floodsAreCutWith429AndRetryAfter() {
        String flooder = KeycloakUsers.newViewerToken("e2e-sec-flooder");
        return Stream.of(
                flood("80 parallel GET /api/payments/wallet with one token (per-token limit)", 80,
                        () -> HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/payments/wallet"))
                                .header("Authorization", bearer(flooder)).GET()),
                flood("120 parallel anonymous GET /api/catalog/series from one IP (per-IP limit)", 120,
                        () -> HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/catalog/series?size=1")).GET()));
    }
}
