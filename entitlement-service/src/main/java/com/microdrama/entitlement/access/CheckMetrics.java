package com.microdrama.entitlement.access;

import com.microdrama.support.metrics.Latency;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How long "may U play E?" takes to answer, {@code microdrama_entitlement_check_seconds{kind="single|batch"}}, a
 * histogram with explicit buckets around the target (p99 well under 20 ms; docs/decisions/0026-business-metrics.md):
 * the single check and the batch check of a series. A check that waits for a grant is not timed (its time is the
 * wait the app asked for). The two timers are held, not looked up per call: the check
 * is the benchmarked hot path.
 */
@Startup
@ApplicationScoped
public class CheckMetrics {
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500)};

    private final Timer single;
    private final Timer batch;

    public CheckMetrics(MeterRegistry registry) {
        this.single = timer(registry, "single");
        this.batch = timer(registry, "batch");
    }

    <T> Uni<T> single(Supplier<Uni<T>> check) {
        return timed(single, check);
    }

    <T> Uni<T> batch(Supplier<Uni<T>> check) {
        return timed(batch, check);
    }

    /** From subscription to the answer or the failure (an unknown episode is answered too). */
    private static <T> Uni<T> timed(Timer timer, Supplier<Uni<T>> check) {
        return Latency.timed(check, (failure, nanos) -> timer.record(nanos, TimeUnit.NANOSECONDS));
    }

    private static Timer timer(MeterRegistry registry, String kind) {
        return Latency.histogram(registry, "microdrama.entitlement.check", "Time to answer an entitlement check",
                "kind", kind, BUCKETS);
    }
}
