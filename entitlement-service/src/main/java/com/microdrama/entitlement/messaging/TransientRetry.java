package com.microdrama.entitlement.messaging;

import com.microdrama.events.InvalidEventException;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a consumer's unit of work on failures that may pass (database or broker hiccups) before giving the record
 * up to the dead-letter topic. Invalid events are not retried: they can never succeed.
 */
public final class TransientRetry {
    private static final int ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private TransientRetry() {
    }

    public static <T> Uni<T> of(Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(failure -> !(failure instanceof InvalidEventException))
                .retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
    }
}
