package com.microdrama.insights.funnel;

import com.microdrama.insights.config.InsightsConfig;
import com.microdrama.insights.testing.Facts;
import com.microdrama.events.viewer.Pseudonyms;
import com.microdrama.testsupport.Platform;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reprocessing both topics from the start, under a new application id with empty state, gives the numbers the running
 * service holds, row for row: what a replay after a bug fix or a lost state directory relies on. The series' owner
 * (the global store read from catalog-events) comes out the same too.
 */
@QuarkusTest
class ReprocessingIT {
    @Inject
    KafkaStreams streams;

    @Inject
    InsightsConfig config;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Test
    void reprocessingBothTopicsFromTheStartGivesTheSameRows() throws Exception {
        String series = "it-replay-" + UUID.randomUUID().toString().substring(0, 8);
        Facts facts = new Facts(series);
        facts.ownedBy("creator-of-" + series);
        facts.journey();
        String refunded = "unlock-" + UUID.randomUUID();
        facts.episodeUnlock(refunded, "bob", 3, 60);
        facts.refund("refund-" + UUID.randomUUID(), "bob", refunded, "episode-unlock");
        Facts tagged = facts.inExperiment("exp-replay", Map.of("fay", "A", "gus", "B"));
        tagged.play("fay", 1, "US", "en");
        tagged.paywall("fay", 3, "US", "en");
        String fays = "unlock-f-" + UUID.randomUUID();
        tagged.episodeUnlock(fays, "fay", 3, 60);
        tagged.refund("refund-" + UUID.randomUUID(), "fay", fays, "episode-unlock");
        tagged.play("gus", 1, "US", "en");
        tagged.seriesUnlock("unlock-g-" + UUID.randomUUID(), "gus", 300);

        Map<String, String> running = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> rows(streams, series), rows -> rows != null
                        && total(rows).contains("\"refunds\":2") && total(rows).contains("\"plays\":8")
                        && total(rows).contains("\"episodeUnlocks\":3") && total(rows).contains("\"seriesUnlocks\":2")
                        && rows.getOrDefault(FunnelTopology.EXPERIMENTS + " " + series + "|exp-replay|A", "")
                        .contains("\"payers\":1,\"coinsSpent\":0")
                        && rows.getOrDefault(FunnelTopology.EXPERIMENTS + " " + series + "|exp-replay|B", "")
                        .contains("\"coinsSpent\":300")
                        && ("creator-of-" + series).equals(rows.get(FunnelTopology.SERIES_OWNERS + " " + series)));
        assertEquals(2, running.keySet().stream().filter(k -> k.startsWith(FunnelTopology.EXPERIMENTS)).count());

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId + "-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("insights-replay").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "1000");
        props.put("auto.offset.reset", "earliest");
        try (KafkaStreams replay = new KafkaStreams(FunnelTopology.build(config.topics().viewing(),
                config.topics().payment(), config.topics().catalog(), new FactReader(Pseudonyms.withKey(Optional.of(config.pseudonymKey()))),
                config.grace(), () -> { }, () -> { }), props)) {
            replay.start();
            Map<String, String> replayed = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> rows(replay, series), rows -> running.equals(rows));
            assertEquals(running, replayed);
        }
    }

    /**
     * Every funnel, episode and experiment arm row of the series, as its stored JSON, by store and key, and its owner;
     * null while unavailable.
     */
    private static Map<String, String> rows(KafkaStreams streams, String series) {
        Map<String, String> rows = new TreeMap<>();
        try {
            for (String storeName : new String[] {FunnelTopology.FUNNEL, FunnelTopology.EPISODES}) {
                ReadOnlyKeyValueStore<String, Object> store = streams.store(
                        StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
                try (KeyValueIterator<String, Object> it = store.range(StoreKeys.rangeStart(series, LocalDate.EPOCH),
                        StoreKeys.rangeEnd(series, LocalDate.of(9999, 12, 31)))) {
                    while (it.hasNext()) {
                        KeyValue<String, Object> row = it.next();
                        rows.put(storeName + " " + row.key, json(row.value));
                    }
                }
            }
            ReadOnlyKeyValueStore<String, Object> arms = streams.store(StoreQueryParameters.fromNameAndType(
                    FunnelTopology.EXPERIMENTS, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, Object> it = arms.prefixScan(series + "|", new StringSerializer())) {
                while (it.hasNext()) {
                    KeyValue<String, Object> row = it.next();
                    rows.put(FunnelTopology.EXPERIMENTS + " " + row.key, json(row.value));
                }
            }
            ReadOnlyKeyValueStore<String, String> owners = streams.store(StoreQueryParameters.fromNameAndType(
                    FunnelTopology.SERIES_OWNERS, QueryableStoreTypes.keyValueStore()));
            String owner = owners.get(series);
            if (owner != null) {
                rows.put(FunnelTopology.SERIES_OWNERS + " " + series, owner);
            }
        } catch (InvalidStateStoreException notYet) {
            return null;
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static String json(Object value) {
        JsonSerde<Object> serde = new JsonSerde<>((Class<Object>) value.getClass());
        return new String(serde.serializer().serialize("", value), StandardCharsets.UTF_8);
    }

    /** The series' funnel summed over its rows, as JSON. */
    private static String total(Map<String, String> rows) {
        FunnelCounts total = new FunnelCounts();
        JsonSerde<FunnelCounts> serde = new JsonSerde<>(FunnelCounts.class);
        rows.forEach((key, json) -> {
            if (key.startsWith(FunnelTopology.FUNNEL + " ")) {
                total.add(serde.deserializer().deserialize("", json.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return new String(serde.serializer().serialize("", total), StandardCharsets.UTF_8);
    }
}
