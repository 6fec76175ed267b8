package com.microdrama.outbox;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class OutboxProducerTest {

    @Test
    void keepsTheServicesConnectionSettingsAndFixesTheDeliveryGuarantees() {
        Map<String, Object> kafka = Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "group.id", "payment-service",
                "acks", "1",
                "enable.idempotence", "false",
                "linger.ms", "50");

        Map<String, Object> config = new OutboxProducer(kafka, Duration.ofSeconds(30)).config();

        assertEquals("broker:9093", config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertEquals("all", config.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(0, config.get(ProducerConfig.LINGER_MS_CONFIG));
        assertFalse(config.containsKey("group.id"), "a consumer setting, unknown to a producer");
    }

    @Test
    void failsASendWithinTheDeliveryTimeoutWhileTheBrokerIsAway() {
        Map<String, Object> config = new OutboxProducer(Map.of("bootstrap.servers", "broker:9092"), Duration.ofSeconds(8))
                .config();

        assertEquals(8_000, config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        // the request timeout may not exceed the delivery timeout, or the producer refuses to start
        assertEquals(8_000, config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
    }
}
