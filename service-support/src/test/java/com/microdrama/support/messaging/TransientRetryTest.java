package com.microdrama.support.messaging;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientRetryTest {
    private static final Duration FAST = Duration.ofMillis(1);
    private static final Duration CAP = Duration.ofMillis(5);

    static class Invalid extends RuntimeException {
        Invalid() {
            super("invalid");
        }
    }

    @AfterEach
    void notStopping() {
        TransientRetry.stopping(false);
    }

    @Test
    void aTransientFailureIsRetriedFarBeyondTheOldEightAttemptsUntilItPasses() {
        AtomicInteger attempts = new AtomicInteger();
        String result = TransientRetry.of(() -> attempts.incrementAndGet() <= 40
                        ? Uni.createFrom().failure(new IllegalStateException("Connection refused"))
                        : Uni.createFrom().item("applied"), Invalid.class, FAST, CAP)
                .await().atMost(Duration.ofSeconds(10));
        assertEquals("applied", result);
        assertEquals(41, attempts.get());
    }

    @Test
    void aPermanentFailureFailsAtOnceWithoutRetry() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> uni = TransientRetry.of(() -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new Invalid());
        }, Invalid.class, FAST, CAP);
        assertThrows(Invalid.class, () -> uni.await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, attempts.get());
    }

    @Test
    void retryingEndsWhenTheApplicationStopsAndTheRecordIsNeitherAppliedNorFailed() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger outcomes = new AtomicInteger();
        TransientRetry.of(() -> {
                    attempts.incrementAndGet();
                    return Uni.createFrom().<String>failure(new IllegalStateException("Connection refused"));
                }, Invalid.class, FAST, CAP)
                .subscribe().with(item -> outcomes.incrementAndGet(), failure -> outcomes.incrementAndGet());
        TimeUnit.MILLISECONDS.sleep(200);
        assertTrue(attempts.get() > 1, "retried while running");
        TransientRetry.stopping(true);
        TimeUnit.MILLISECONDS.sleep(100);
        int atStop = attempts.get();
        TimeUnit.MILLISECONDS.sleep(300);
        assertEquals(atStop, attempts.get(), "no attempt after the stop");
        assertEquals(0, outcomes.get(), "neither acknowledged nor handed to the failure strategy");
    }
}
