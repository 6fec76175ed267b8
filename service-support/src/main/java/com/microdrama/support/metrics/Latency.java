package com.microdrama.support.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * Latency histograms of the hot paths (docs/decisions/0026-business-metrics.md): a timer with explicit buckets
 * around the path's target, so Prometheus gets {@code _bucket} series to compute percentiles from, and the timing of
 * a Uni from subscription to its item or failure.
 */
public final class Latency {
    private Latency() {
    }

    /** One timer of {@code name} with one label, exporting a bucket per {@code buckets} (plus +Inf). */
    public static Timer histogram(MeterRegistry registry, String name, String description, String label, String value,
                                  Duration... buckets) {
        return Timer.builder(name).description(description).tag(label, value).serviceLevelObjectives(buckets)
                .register(registry);
    }

    /**
     * {@code work}, timed from subscription to its end: {@code record} gets the failure (null when it succeeded) and
     * the elapsed nanoseconds.
     */
    public static <T> Uni<T> timed(Supplier<Uni<T>> work, ObjLongConsumer<Throwable> record) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return work.get().onItemOrFailure().invoke((item, failure) -> record.accept(failure, System.nanoTime() - start));
        });
    }
}
