package com.microdrama.support.messaging;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a consumer's unit of work on failures that may pass (database or broker hiccups) before giving the record
 * up to the dead-letter topic. A failure of the {@code permanent} type (an invalid event) is not retried: it can
 * never succeed.
 */
public final class TransientRetry {
    private static final int ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private TransientRetry() {
    }

    public static <T> Uni<T> of(Supplier<Uni<T>> work, Class<? extends Throwable> permanent) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(failure -> !permanent.isInstance(failure))
                .retry().withBackOff(FIRST_BACKOFF, MAX_BACKOFF).atMost(ATTEMPTS);
    }
}
