package com.microdrama.catalog.testing;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.Platform;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads the real, shared catalog-events topic from a position taken before the test acted, keeping the newest event
 * per key for the test's own (fresh) keys only.
 */
public final class CatalogTopic implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final Predicate<String> ownKey;
    private final Map<String, EventEnvelope> latest = new HashMap<>();

    /** Positioned at the current end of the topic: only what happens from now on is seen. */
    public CatalogTopic(Predicate<String> ownKey) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props);
        this.partitions = consumer.partitionsFor(Topics.CATALOG_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        this.ownKey = ownKey;
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the lazy seek now, before the test writes
    }

    /** Polls until {@code done} holds for the newest events per key (or 20 s pass); returns them. */
    public Map<String, EventEnvelope> awaitLatest(Predicate<Map<String, EventEnvelope>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.test(latest) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() != null && ownKey.test(record.key())) {
                    latest.put(record.key(), EventEnvelope.parse(record.value()));
                }
            }
        }
        return Map.copyOf(latest);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
