package com.microdrama.catalog.playback;

import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.metrics.Latency;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How long playback authorization takes, by outcome: {@code microdrama_playback_seconds{outcome}}, a histogram with
 * explicit buckets around the page target (p99 under 30 ms; docs/decisions/0026-business-metrics.md). Outcomes:
 * {@code authorized} (a signed URL), {@code locked} (402, not entitled), {@code unavailable} (503, failed closed
 * because entitlement-service could not be asked), {@code refused} (any other answer of the rules: unknown, not in
 * region, age, sign in), {@code error} (anything else). One held timer per outcome: playback is benchmarked.
 */
@Startup
@ApplicationScoped
public class PlaybackMetrics {
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500)};

    private final Map<String, Timer> timers;

    public PlaybackMetrics(MeterRegistry registry) {
        this.timers = Map.of(
                "authorized", timer(registry, "authorized"),
                "locked", timer(registry, "locked"),
                "unavailable", timer(registry, "unavailable"),
                "refused", timer(registry, "refused"),
                "error", timer(registry, "error"));
    }

    <T> Uni<T> timed(Supplier<Uni<T>> authorization) {
        return Latency.timed(authorization,
                (failure, nanos) -> timers.get(outcome(failure)).record(nanos, TimeUnit.NANOSECONDS));
    }

    /** The outcome label of an authorization that ended with {@code failure} (null: authorized). */
    static String outcome(Throwable failure) {
        if (failure == null) {
            return "authorized";
        }
        if (!(failure instanceof ProblemException problem)) {
            return "error";
        }
        if (problem.status() == 402) {
            return "locked";
        }
        if (PlaybackService.UNAVAILABLE.equals(problem.slug())) {
            return "unavailable";
        }
        return problem.status() < 500 ? "refused" : "error";
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Latency.histogram(registry, "microdrama.playback", "Time to authorize playback, by outcome",
                "outcome", outcome, BUCKETS);
    }
}
