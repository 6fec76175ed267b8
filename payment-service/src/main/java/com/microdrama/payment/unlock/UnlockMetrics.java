package com.microdrama.payment.unlock;

import com.microdrama.support.metrics.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Unlocks bought with coins by kind, {@code microdrama_unlocks_total{kind="episode|series"}} (the lower-cased
 * {@link ContentUnlock.Kind}), counted once the unlock's transaction committed; a replayed request counts nothing
 * (docs/decisions/0026-business-metrics.md). One held counter per kind: the unlock is a benchmarked path.
 */
@Startup
@ApplicationScoped
public class UnlockMetrics {
    private final Map<ContentUnlock.Kind, Counter> unlocks = new EnumMap<>(ContentUnlock.Kind.class);

    public UnlockMetrics(MeterRegistry registry) {
        for (ContentUnlock.Kind kind : ContentUnlock.Kind.values()) {
            unlocks.put(kind, Counter.builder("microdrama.unlocks").description("Episodes and series unlocked with coins")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry));
        }
    }

    void unlocked(ContentUnlock.Kind kind) {
        Counter counter = unlocks.get(kind);
        AfterCommit.count(counter::increment);
    }
}
