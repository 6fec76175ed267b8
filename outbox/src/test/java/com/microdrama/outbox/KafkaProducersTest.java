package com.microdrama.outbox;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaProducersTest {

    @Test
    void keepsTheServicesConnectionAndSecurityAndDropsTheConsumersGroup() {
        Map<String, Object> kafka = Map.of("bootstrap.servers", "broker:9093", "security.protocol", "SASL_SSL",
                "group.id", "catalog-service");

        Map<String, Object> config = KafkaProducers.base(kafka, "catalog-viewing-events");

        assertEquals("broker:9093", config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertFalse(config.containsKey("group.id"), "a consumer setting, unknown to a producer");
        assertEquals("catalog-viewing-events", config.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertEquals(StringSerializer.class.getName(), config.get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG));
        assertEquals(StringSerializer.class.getName(), config.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG));
        assertTrue(kafka.containsKey("group.id"), "the service's own settings stay as they were");
    }

    @Test
    void givesEachProducerACopyOfItsOwnToSetWhatItPromises() {
        Map<String, Object> first = KafkaProducers.base(Map.of("bootstrap.servers", "broker:9092"), "a");
        first.put(ProducerConfig.LINGER_MS_CONFIG, 20);

        Map<String, Object> second = KafkaProducers.base(Map.of("bootstrap.servers", "broker:9092"), "b");

        assertFalse(second.containsKey(ProducerConfig.LINGER_MS_CONFIG));
    }
}
