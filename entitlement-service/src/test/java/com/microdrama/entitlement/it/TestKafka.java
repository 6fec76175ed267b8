package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.testsupport.Platform;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Produces real CloudEvents records to the shared topics and reads the dead-letter topic. */
final class TestKafka {
    private static final KafkaProducer<String, String> PRODUCER = producer();

    private TestKafka() {
    }

    static EventEnvelope payment(String type, String userId, Object data) {
        EventEnvelope event = EventEnvelope.of("/payment-service", type, userId, data);
        send(Topics.PAYMENT_EVENTS, userId, event.toJson());
        return event;
    }

    static void series(String seriesId, int episodeCount, int freeEpisodes) {
        EventEnvelope event = EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, seriesId,
                new SeriesUpdated(seriesId, episodeCount, freeEpisodes, 900, true));
        send(Topics.CATALOG_EVENTS, seriesId, event.toJson());
    }

    static void episode(String episodeId, String seriesId, int number, boolean free) {
        EventEnvelope event = EventEnvelope.of("/catalog-service", EventTypes.EPISODE_UPDATED, episodeId,
                new EpisodeUpdated(episodeId, seriesId, number, free, free ? 0 : 80, true));
        send(Topics.CATALOG_EVENTS, episodeId, event.toJson());
    }

    /**
     * A published series of {@code episodeIds} (numbered in order, the first one free); returns once
     * entitlement-service projected all of it.
     */
    static void freeFirstSeries(String seriesId, String... episodeIds) {
        series(seriesId, episodeIds.length, 1);
        for (int i = 0; i < episodeIds.length; i++) {
            episode(episodeIds[i], seriesId, i + 1, i == 0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("select count(*) from catalog_episode where series_id = ?", seriesId) == episodeIds.length
                        && TestDb.count("select count(*) from catalog_series where series_id = ?", seriesId) == 1);
    }

    static void send(String topic, String key, String value) {
        try {
            PRODUCER.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + topic + " at " + Platform.kafkaBootstrapServers(), e);
        }
    }

    /** Records of {@code topic} written since {@code since} that match, waiting up to {@code timeout} for them. */
    static List<ConsumerRecord<String, String>> readSince(String topic, Instant since, Predicate<ConsumerRecord<String, String>> match,
                                                          int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            // Ends first: a record written between the two lookups is then before the end we fall back to, not skipped.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> since.toEpochMilli())));
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = start.get(p);
                consumer.seek(p, at != null ? at.offset() : ends.get(p));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /** End offsets ("topic-partition" -> offset) as a read_committed consumer sees them. */
    static Map<String, Long> endOffsets(String... topics) {
        return endOffsetsByPartition(topics).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().topic() + "-" + e.getKey().partition(), Map.Entry::getValue));
    }

    /** End offsets per partition as a read_committed consumer sees them. */
    static Map<TopicPartition, Long> endOffsetsByPartition(String... topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return consumer.endOffsets(partitions);
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props);
    }
}
