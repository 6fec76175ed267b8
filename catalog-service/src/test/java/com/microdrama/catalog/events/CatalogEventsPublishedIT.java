package com.microdrama.catalog.events;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.testsupport.Platform;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A first start on a database (the test database is cleaned at start) publishes the whole catalog to the real
 * catalog-events topic (shared and compacted: filter by key and time). Later starts: {@link StartupPublicationIT}.
 */
@QuarkusTest
class CatalogEventsPublishedIT {
    /** The flagship's licence regions as seeded (V2), in stored order. */
    static final List<String> FLAGSHIP_REGIONS = List.of("US", "GB", "ES", "MX", "BR", "FR", "DE", "ID", "TH", "VN", "JP",
            "KR", "TW", "SA");
    /** The flagship's owner as seeded (V6): the demo realm's creator account. */
    static final String FLAGSHIP_CREATOR = "ad000000-0000-4000-8000-000000000006";


    @Test
    void aFirstStartPublishedEveryFlagshipEpisodeAndTheSeries() {
        // only events from this test JVM's app count; the topic keeps older runs' (identical) state too
        Instant appStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Map<String, EventEnvelope> latest = new HashMap<>();

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CATALOG_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!complete(latest) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!record.key().startsWith("midnight-contract")) {
                        continue;
                    }
                    EventEnvelope event = EventEnvelope.parse(record.value());
                    if (!event.time().isBefore(appStarted)) {
                        assertEquals(record.key(), event.subject(), "subject = record key");
                        latest.put(record.key(), event);
                    }
                }
            }
        }

        assertTrue(complete(latest), "missing flagship events from this run; found " + latest.keySet());
        for (int n = 1; n <= 12; n++) {
            String id = "midnight-contract-ep-%02d".formatted(n);
            EventEnvelope event = latest.get(id);
            assertEquals(EventTypes.EPISODE_UPDATED, event.type());
            assertEquals("/catalog-service", event.source());
            boolean free = n <= 3;
            assertEquals(new EpisodeUpdated(id, "midnight-contract", n, free, free ? 0 : 60, true),
                    event.dataAs(EpisodeUpdated.class));
        }
        EventEnvelope series = latest.get("midnight-contract");
        assertEquals(EventTypes.SERIES_UPDATED, series.type());
        assertEquals(new SeriesUpdated("midnight-contract", 12, 3, 450, true, Map.of(), FLAGSHIP_REGIONS, "13+",
                        null, FLAGSHIP_CREATOR),
                series.dataAs(SeriesUpdated.class));
    }

    private static boolean complete(Map<String, EventEnvelope> latest) {
        return latest.size() == 13;
    }
}
