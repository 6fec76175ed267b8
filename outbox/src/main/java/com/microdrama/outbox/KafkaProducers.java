package com.microdrama.outbox;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings every plain {@code KafkaProducer} of a service starts from: the service's own {@code kafka.*} connection
 * and security settings (the {@code default-kafka-broker} map, {@code KAFKA_*} variables included), without the
 * consumer's group, under a client id of its own, with String keys and values (CloudEvents in binary mode). What
 * each producer promises (acks awaited or fire and forget, linger, batch size) stays with it.
 */
public final class KafkaProducers {
    private KafkaProducers() {
    }

    /** A mutable copy of the service's Kafka settings, made a producer's. */
    public static Map<String, Object> base(Map<String, Object> kafka, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove("group.id");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }
}
