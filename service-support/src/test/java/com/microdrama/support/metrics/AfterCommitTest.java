package com.microdrama.support.metrics;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AfterCommitTest {
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    /** Runs the unit on a fresh duplicated context, as a request or a message would, and waits for its end. */
    private static List<String> run(Supplier<Uni<String>> unit, List<String> counted) throws Exception {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(ignored -> unit.get().subscribe().with(item -> done.complete(null), failure -> done.complete(null)));
        done.get(5, TimeUnit.SECONDS);
        return counted;
    }

    @Test
    void aCountRunsOnlyOnceTheTransactionSucceeded() throws Exception {
        List<String> counted = new ArrayList<>();
        run(() -> AfterCommit.counting(() -> Uni.createFrom().item("ok").invoke(() -> {
            AfterCommit.count(() -> counted.add("purchase"));
            assertEquals(List.of(), counted, "not before the commit");
        })), counted);
        assertEquals(List.of("purchase"), counted);
    }

    @Test
    void aRolledBackAttemptCountsNothingAndItsRetryCountsOnce() throws Exception {
        List<String> counted = new ArrayList<>();
        int[] attempts = {0};
        run(() -> AfterCommit.counting(() -> Uni.createFrom().item("attempt").invoke(() -> {
                    AfterCommit.count(() -> counted.add("purchase"));
                    if (attempts[0]++ == 0) {
                        throw new IllegalStateException("serialization failure");
                    }
                })).onFailure().retry().atMost(1), counted);
        assertEquals(2, attempts[0]);
        assertEquals(List.of("purchase"), counted);

        List<String> failed = new ArrayList<>();
        run(() -> AfterCommit.counting(() -> Uni.createFrom().item("x").invoke(() -> AfterCommit.count(() -> failed.add("x")))
                .chain(() -> Uni.createFrom().<String>failure(new IllegalStateException("rolled back")))), failed);
        assertEquals(List.of(), failed);
    }

    @Test
    void aNestedUnitJoinsTheOuterOne() throws Exception {
        List<String> counted = new ArrayList<>();
        run(() -> AfterCommit.counting(() -> AfterCommit.counting(() -> Uni.createFrom().item("inner")
                        .invoke(() -> AfterCommit.count(() -> counted.add("inner"))))
                .invoke(() -> assertEquals(List.of(), counted, "the inner end is not the commit"))), counted);
        assertEquals(List.of("inner"), counted);
    }

    @Test
    void withoutAUnitACountRunsAtOnce() {
        List<String> counted = new ArrayList<>();
        AfterCommit.count(() -> counted.add("now"));
        assertEquals(List.of("now"), counted);
    }
}
