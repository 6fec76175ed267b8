package com.microdrama.insights.funnel;

import com.microdrama.insights.experiment.ArmCounts;
import com.microdrama.insights.revenue.RevenueCounts;
import com.microdrama.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Reads the funnel's and the experiments' stores of this instance (interactive queries). All rows of a series live
 * in the task of its partition; with one instance that is here. The series' owners are a global store, whole on
 * every instance. While the stores are being restored or rebalanced they cannot be read: 503
 * {@code insights-unavailable}, retry.
 */
@ApplicationScoped
public class FunnelQueries {
    static final String UNAVAILABLE = "insights-unavailable";

    private final KafkaStreams streams;

    public FunnelQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Calls {@code row} with (key parts, counts) for every funnel row of the series from {@code from} to {@code to}. */
    public void funnel(String seriesId, LocalDate from, LocalDate to, BiConsumer<String[], FunnelCounts> row) {
        scan(FunnelTopology.FUNNEL, seriesId, from, to, row);
    }

    public void episodes(String seriesId, LocalDate from, LocalDate to, BiConsumer<String[], EpisodeCounts> row) {
        scan(FunnelTopology.EPISODES, seriesId, from, to, row);
    }

    /** Every revenue row (key parts: day, currency, provider) from {@code from} to {@code to}. */
    public void revenue(LocalDate from, LocalDate to, BiConsumer<String[], RevenueCounts> row) {
        scan(FunnelTopology.REVENUE, from.toString(), to + "|}", row);
    }

    /** Calls {@code arm} with (variant, counts) for every arm of the experiment on the series, in variant order. */
    public void arms(String seriesId, String experimentId, BiConsumer<String, ArmCounts> arm) {
        String prefix = StoreKeys.experimentPrefix(seriesId, experimentId);
        scan(FunnelTopology.EXPERIMENTS, store -> store.prefixScan(prefix, new StringSerializer()),
                (String[] key, ArmCounts counts) -> arm.accept(StoreKeys.unpart(key[2]), counts));
    }

    /**
     * The user id of the creator who owns the series; empty when the platform owns it or catalog-events never named
     * it. From the global store: every instance answers for every series.
     */
    public Optional<String> owner(String seriesId) {
        try {
            ReadOnlyKeyValueStore<String, String> owners = streams.store(StoreQueryParameters.fromNameAndType(
                    FunnelTopology.SERIES_OWNERS, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(owners.get(seriesId));
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private <V> void scan(String storeName, String seriesId, LocalDate from, LocalDate to,
                          BiConsumer<String[], V> row) {
        scan(storeName, StoreKeys.rangeStart(seriesId, from), StoreKeys.rangeEnd(seriesId, to), row);
    }

    private <V> void scan(String storeName, String first, String last, BiConsumer<String[], V> row) {
        scan(storeName, store -> store.range(first, last), row);
    }

    private <V> void scan(String storeName,
                          Function<ReadOnlyKeyValueStore<String, V>, KeyValueIterator<String, V>> rows,
                          BiConsumer<String[], V> row) {
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, V> it = rows.apply(store)) {
                while (it.hasNext()) {
                    KeyValue<String, V> next = it.next();
                    row.accept(StoreKeys.parts(next.key), next.value);
                }
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable(e);
        }
    }

    private ProblemException unavailable(InvalidStateStoreException e) {
        return new ProblemException(503, UNAVAILABLE, "Insights unavailable",
                "The funnel's state is being restored or moved (state " + streams.state()
                        + "); retry in a few seconds.", Map.of(), e);
    }
}
