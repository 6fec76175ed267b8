package com.microdrama.entitlement.rebuild;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RebuildKafkaSettingsTest {

    @Test
    void theRebuildConsumerUsesTheApplicationsSecuritySettings() {
        Properties props = RebuildService.consumerSettings(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "health.enabled", "true"));

        assertEquals("broker:9093", props.get("bootstrap.servers"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
        assertEquals("/etc/kafka/truststore.p12", props.get("ssl.truststore.location"));
        assertFalse(props.containsKey("health.enabled"), "not a consumer setting");
    }
}
