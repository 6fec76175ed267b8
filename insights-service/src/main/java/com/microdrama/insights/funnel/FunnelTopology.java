package com.microdrama.insights.funnel;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.InvalidEventException;
import com.microdrama.insights.experiment.ArmCounts;
import com.microdrama.insights.experiment.ExperimentProcessor;
import com.microdrama.insights.experiment.ExperimentViewer;
import com.microdrama.insights.owner.SeriesOwnerUpdates;
import com.microdrama.insights.revenue.RevenueCounts;
import com.microdrama.insights.revenue.RevenueFact;
import com.microdrama.insights.revenue.RevenueFacts;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.List;

/**
 * The funnel (docs/decisions/0035-insights-on-kafka-streams.md): payment-events, keyed by user, become unlock and
 * refund facts re-keyed by series (internal topic {@code facts-by-series}); merged with viewing-events (already keyed
 * by series) they are counted per series in the stores the API reads. Coin-pack purchases and refunds, re-keyed by
 * day|currency|provider, add up to store {@code revenue}. The same merged facts, when tagged with a paywall
 * experiment, are counted per arm (docs/decisions/0036-paywall-experiments.md). Both topics must have the same
 * number of partitions (6), so that a series' viewing facts and its purchases meet in one task. The owner of each
 * series (its creator) comes from catalog-events into the global store {@code series-owners}: every instance holds
 * all of them (the compacted topic is small), so any instance can decide who may read a series whichever task
 * counts it.
 */
public final class FunnelTopology {
    public static final String UNLOCKS = "unlocks";
    /** Refunds come weeks, at most months, after the purchase (stores' refund windows, chargebacks): a year and more. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    public static final String VIEWERS = "viewers";
    public static final String FUNNEL = "funnel";
    public static final String EPISODES = "episodes";
    public static final String EPISODE_NUMBERS = "episode-numbers";
    /** Coin-pack money per day|currency|provider (RevenueCounts). */
    public static final String REVENUE = "revenue";
    /** Per arm of a paywall experiment, key series|experiment|variant (ArmCounts). */
    public static final String EXPERIMENTS = "experiments";
    /** Per viewer of an experiment, key series|experiment|viewer (ExperimentViewer). */
    public static final String EXPERIMENT_VIEWERS = "experiment-viewers";
    /** Global: series id → the user id of the creator who owns it, no row when none does (SeriesOwnerUpdates). */
    public static final String SERIES_OWNERS = "series-owners";

    private FunnelTopology() {
    }

    /**
     * @param catalogTopic catalog-events, read whole into the global store {@value #SERIES_OWNERS}
     * @param invalid      called for each record that is not a valid event (skipped)
     * @param late         called for each fact that came after its day's grace (dropped)
     */
    public static Topology build(String viewingTopic, String paymentTopic, String catalogTopic, FactReader reader,
                                 Duration grace, Runnable invalid, Runnable late) {
        return build(viewingTopic, paymentTopic, catalogTopic, reader, grace, DEFAULT_RETENTION, invalid, late);
    }

    /**
     * @param retention how long an unlock and a coin-pack purchase are kept for their refunds ({@link StoreRetention})
     */
    public static Topology build(String viewingTopic, String paymentTopic, String catalogTopic, FactReader reader,
                                 Duration grace, Duration retention, Runnable invalid, Runnable late) {
        Serde<String> strings = Serdes.String();
        Serde<Fact> facts = new JsonSerde<>(Fact.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(UNLOCKS), strings, facts)
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VIEWERS), strings,
                new JsonSerde<>(ViewerState.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FUNNEL), strings,
                new JsonSerde<>(FunnelCounts.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EPISODES), strings,
                new JsonSerde<>(EpisodeCounts.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EPISODE_NUMBERS), strings,
                Serdes.Integer())
                .withCachingEnabled());

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXPERIMENTS), strings,
                new JsonSerde<>(ArmCounts.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EXPERIMENT_VIEWERS), strings,
                new JsonSerde<>(ExperimentViewer.class))
                .withCachingEnabled());

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RevenueFacts.PACKS), strings,
                new JsonSerde<>(RevenueFact.class))
                .withCachingEnabled());

        // A global store has no changelog of its own (the topic is one) and is restored through the processor, so it
        // holds owners only. Persistent: a restart reads the topic from its checkpoint, and its RocksDB counts in
        // the instance's one budget (BoundedRocksDb).
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERIES_OWNERS), strings,
                        strings).withLoggingDisabled(),
                catalogTopic, Consumed.with(strings, strings).withName("catalog-owners"),
                () -> new SeriesOwnerUpdates(SERIES_OWNERS, invalid));

        KStream<String, EventEnvelope> payments = builder.stream(paymentTopic, Consumed.with(strings, strings))
                .flatMapValues(json -> {
                    try {
                        return List.of(EventEnvelope.parse(json));
                    } catch (InvalidEventException e) {
                        invalid.run();
                        return List.of();
                    }
                });
        KStream<String, Fact> purchases = payments
                .process(() -> new PaymentFacts(reader, invalid, retention), UNLOCKS)
                .repartition(Repartitioned.with(strings, facts).withName("facts-by-series"));
        payments.process(() -> new RevenueFacts(invalid, retention), RevenueFacts.PACKS)
                .groupByKey(Grouped.with("revenue-by-day", strings, new JsonSerde<>(RevenueFact.class)))
                .aggregate(RevenueCounts::new, (key, fact, total) -> total.add(fact),
                        Materialized.<String, RevenueCounts, KeyValueStore<Bytes, byte[]>>as(REVENUE)
                                .withKeySerde(strings).withValueSerde(new JsonSerde<>(RevenueCounts.class)));
        KStream<String, Fact> viewing = builder.stream(viewingTopic, Consumed.with(strings, strings))
                .flatMapValues(json -> {
                    try {
                        return reader.viewing(json).map(List::of).orElse(List.of());
                    } catch (InvalidEventException e) {
                        invalid.run();
                        return List.of();
                    }
                });
        KStream<String, Fact> merged = viewing.merge(purchases);
        merged.process(() -> new FunnelProcessor(grace, late), VIEWERS, FUNNEL, EPISODES, EPISODE_NUMBERS);
        merged.process(() -> new ExperimentProcessor(EXPERIMENTS, EXPERIMENT_VIEWERS), EXPERIMENTS, EXPERIMENT_VIEWERS);
        return builder.build();
    }
}
