package com.microdrama.catalog.readcache;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SingleFlightTest {
    private final SingleFlight<String> flights = new SingleFlight<>();
    private final AtomicInteger loads = new AtomicInteger();

    private Uni<String> slowLoad(CompletableFuture<String> result) {
        return Uni.createFrom().completionStage(() -> {
            loads.incrementAndGet();
            return result;
        });
    }

    @Test
    void callersThatMissTogetherShareOneLoad() {
        CompletableFuture<String> result = new CompletableFuture<>();
        CompletableFuture<String> first = flights.load("k", () -> slowLoad(result)).subscribeAsCompletionStage();
        CompletableFuture<String> second = flights.load("k", () -> slowLoad(result)).subscribeAsCompletionStage();

        result.complete("page");

        assertEquals("page", first.join());
        assertEquals("page", second.join());
        assertEquals(1, loads.get());
        assertEquals(0, flights.inFlight(), "a finished load is forgotten");
    }

    @Test
    void otherKeysLoadOnTheirOwn() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> first = flights.load("a", () -> slowLoad(a)).subscribeAsCompletionStage();
        CompletableFuture<String> second = flights.load("b", () -> slowLoad(b)).subscribeAsCompletionStage();
        a.complete("A");
        b.complete("B");

        assertEquals("A", first.join());
        assertEquals("B", second.join());
        assertEquals(2, loads.get());
    }

    @Test
    void aFailedLoadReachesItsWaitersAndTheNextCallerLoadsAgain() {
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> waiter = flights.load("k", () -> slowLoad(failing)).subscribeAsCompletionStage();
        failing.completeExceptionally(new IllegalStateException("entitlement-service timed out"));
        assertThrows(Exception.class, waiter::join);

        assertEquals("fresh", flights.load("k", () -> Uni.createFrom().item("fresh")).await().indefinitely());
    }
}
