package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.e2e.GatewayCalls.Call;
import com.microdrama.e2e.GatewayCalls.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.microdrama.e2e.GatewayCalls.parse;
import static com.microdrama.e2e.GatewayCalls.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One group of the negative security suite, end to end through the gateway with real Keycloak tokens. Every case is
 * one row of a table and checks the status, that the answer is a problem (never a stack trace) and, where the call
 * could change state, that the attacker's and the victim's wallets are exactly as before; the group's last test
 * checks wallets, ledgers, purchases and entitlements of both once more. The actors come from the one
 * {@link SecurityFixture} of the JVM.
 */
@ExtendWith(SecurityFixture.Provider.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AttackGroup {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_BASE = "https://microdrama.example/problems/";

    /** The shared actors, tokens, snapshot and counter. */
    SecurityFixture fx;
    private int triedBefore;

    @BeforeAll
    void joinTheSharedFixture(SecurityFixture fixture) {
        fx = fixture;
        triedBefore = fx.tried.get();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterTheseAttacksWalletsLedgersPurchasesAndEntitlementsAreUnchanged() throws InterruptedException {
        assertTrue(fx.tried.get() > triedBefore, "this group tried its cases before the final check");
        fx.assertNothingChanged();
    }

    @AfterAll
    void printTheGroupsCount() {
        if (fx == null) {
            return; // the fixture could not be made: that failure is reported already
        }
        // the running total of this JVM; the fixture prints the last one again, with the failures, when all are done
        System.out.println("negative cases tried: " + fx.tried.get() + " (" + getClass().getSimpleName() + ": "
                + (fx.tried.get() - triedBefore) + ")");
    }

    DynamicTest refused(String name, Call call, boolean mayChangeState, int... expected) {
        return refused(name, call, mayChangeState, r -> { }, expected);
    }

    /** A case: send, count it, then check status, problem shape, no stack trace, extra checks and (if it could) no state change. */
    DynamicTest refused(String name, Call call, boolean mayChangeState, Consumer<Reply> extra, int... expected) {
        return DynamicTest.dynamicTest(name, counted(name, () -> {
            Reply reply = call.get();
            fx.tried.incrementAndGet();
            assertTrue(Arrays.stream(expected).anyMatch(s -> s == reply.status()),
                    "expected " + Arrays.toString(expected) + " but got " + reply);
            assertSafeAnswer(reply);
            extra.accept(reply);
            if (mayChangeState) {
                fx.assertStateUnchanged();
            }
        }));
    }

    /** A case whose request is legitimate but must act on the caller only (its extra check says how). */
    DynamicTest accepted(String name, Call call, Consumer<Reply> check) {
        return DynamicTest.dynamicTest(name, counted(name, () -> {
            Reply reply = call.get();
            fx.tried.incrementAndGet();
            assertTrue(reply.status() < 300, "expected success but got " + reply);
            assertSafeAnswer(reply);
            check.accept(reply);
        }));
    }

    DynamicTest flood(String name, int requests, Supplier<HttpRequest.Builder> request) {
        return DynamicTest.dynamicTest(name, counted(name, () -> {
            List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, requests)
                    .mapToObj(i -> GatewayCalls.HTTP.sendAsync(request.get().timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();
            List<Reply> replies = inFlight.stream().map(CompletableFuture::join)
                    .map(r -> new Reply(r.statusCode(), r.body(), r.headers().map())).toList();
            fx.tried.incrementAndGet();
            Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
            assertTrue(byStatus.containsKey(429), "a flood of " + requests + " gets some 429: " + byStatus);
            assertTrue(byStatus.keySet().stream().allMatch(s -> s == 200 || s == 429), "only 200 or 429: " + byStatus);
            Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
            assertTrue(String.valueOf(limited.header("Retry-After")).matches("[1-9][0-9]*"),
                    "429 carries Retry-After in seconds: " + limited.headers());
            assertSafeAnswer(limited);
            assertTrue(parse(limited.body()).path("type").asText().endsWith("/rate-limited"), limited.body());
            // The bucket drains at the configured rate: a well-behaved client is served again shortly.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertEquals(200, send(request.get()).status()));
        }));
    }

    Executable counted(String name, Executable body) {
        return () -> {
            try {
                body.execute();
            } catch (AssertionError | RuntimeException e) {
                fx.failures.add(name + " :: " + String.valueOf(e.getMessage()).replace('\n', ' '));
                throw e;
            }
        };
    }

    /** No stack trace, and an error with a body is an RFC 9457 problem whose status matches. */
    static void assertSafeAnswer(Reply reply) {
        for (String leak : List.of("Exception", "at com.", "at io.", "at java.", "at org.", "\tat ")) {
            assertFalse(reply.body().contains(leak), "answer leaks '" + leak + "': " + reply);
        }
        if (reply.status() >= 400 && !reply.body().isBlank()) {
            assertTrue(String.valueOf(reply.contentType()).startsWith(PROBLEM_JSON), "error is problem+json: " + reply);
            JsonNode problem = parse(reply.body());
            assertTrue(problem.path("type").asText().startsWith(PROBLEM_BASE), "problem type: " + reply);
            assertEquals(reply.status(), problem.path("status").asInt(reply.status()), "problem status: " + reply);
        }
    }
}
