package com.microdrama.support.messaging;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Retries a consumer's unit of work on failures that may pass (database down, connection refused, timeouts) for as
 * long as they last, with capped exponential backoff: the record stays unacknowledged, so its partition pauses and
 * resumes where it stopped when the database is back (docs/decisions/0024-consumers-pause-on-outage.md). Only a failure
 * of the {@code permanent} type (an invalid event, which can never succeed) fails the returned Uni, which the
 * channel's failure strategy sends to the dead-letter topic.
 *
 * <p>Once the application stops, retrying ends and the record is left unacknowledged (the Uni never completes): it is
 * neither dead-lettered nor committed, so the next start reads it again, and the connector's graceful shutdown waits
 * for it only its bounded time.
 */
public final class TransientRetry {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    /** The longest pause between attempts: how long a consumer may lag behind a database that came back. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Every n-th failed attempt of one record is logged at WARN (all of them at DEBUG): an outage stays visible. */
    private static final int LOG_EVERY = 10;

    private static volatile boolean stopping;

    private TransientRetry() {
    }

    public static <T> Uni<T> of(Supplier<Uni<T>> work, Class<? extends Throwable> permanent) {
        return of(work, permanent, FIRST_BACKOFF, MAX_BACKOFF);
    }

    static <T> Uni<T> of(Supplier<Uni<T>> work, Class<? extends Throwable> permanent, Duration first, Duration max) {
        AtomicInteger failures = new AtomicInteger();
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(failure -> !permanent.isInstance(failure)).invoke(failure -> {
                    int n = failures.incrementAndGet();
                    if (n == 1 || n % LOG_EVERY == 0) {
                        Log.warnf("transient failure (attempt %d), retrying until it passes: %s", n, failure.toString());
                    } else {
                        Log.debugf("transient failure (attempt %d): %s", n, failure.toString());
                    }
                })
                .onFailure(failure -> !permanent.isInstance(failure) && !stopping)
                .retry().withBackOff(first, max).indefinitely()
                // only while stopping does a transient failure get here: leave the record for the next start
                .onFailure(failure -> !permanent.isInstance(failure)).recoverWithUni(failure -> {
                    Log.infof("stopping: record left unacknowledged for the next start after %d failed attempts: %s",
                            failures.get(), failure.toString());
                    return Uni.createFrom().nothing();
                })
                .invoke(() -> {
                    if (failures.get() > 0) {
                        Log.infof("applied after %d failed attempts", failures.get());
                    }
                });
    }

    /** Whether the application is stopping (retries end). */
    static boolean stopping() {
        return stopping;
    }

    static void stopping(boolean value) {
        stopping = value;
    }

    /** Tells the retries that the application stops: a retry must not keep a shutdown waiting for the database. */
    @ApplicationScoped
    public static class Lifecycle {
        void onStart(@Observes StartupEvent event) {
            stopping(false);
        }

        void onStop(@Observes ShutdownEvent event) {
            stopping(true);
        }
    }
}
