package com.microdrama.insights.funnel;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Forgets what a store keeps only for refunds once no refund can reasonably come any more (docs/decisions/
 * 0035-insights-on-kafka-streams.md): once a day of stream time, every entry whose own time is older than the
 * retention is deleted. Stream time, not the wall clock: processing the topics again deletes at the same points, so
 * the numbers stay the same. A refund arriving after its purchase was forgotten finds nothing and is skipped.
 */
public final class StoreRetention {
    /** How often, in stream time, the store is swept. */
    static final Duration SWEEP = Duration.ofDays(1);

    private StoreRetention() {
    }

    /** Sweeps {@code store} of {@code context}'s task: entries with {@code timeOf} before stream time − retention. */
    public static <V> void schedule(ProcessorContext<?, ?> context, KeyValueStore<String, V> store, Duration retention,
                                    Function<V, Instant> timeOf) {
        context.schedule(SWEEP, PunctuationType.STREAM_TIME, streamTime -> {
            Instant cutoff = Instant.ofEpochMilli(streamTime).minus(retention);
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, V> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, V> entry = all.next();
                    Instant at = entry.value == null ? null : timeOf.apply(entry.value);
                    if (at != null && at.isBefore(cutoff)) {
                        expired.add(entry.key);
                    }
                }
            }
            expired.forEach(store::delete);
        });
    }
}
