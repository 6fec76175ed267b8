package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;
import com.microdrama.ops.Redaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaClientConfigTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"ops-cli-reader\" password=\"s3cret-Passw0rd-xyz\";";

    @Test
    void envNamesMapToClientPropertiesByTheImagesRule() {
        assertEquals(Optional.of("security.protocol"), KafkaClientConfig.propertyName("KAFKA_SECURITY_PROTOCOL"));
        assertEquals(Optional.of("sasl.mechanism"), KafkaClientConfig.propertyName("KAFKA_SASL_MECHANISM"));
        assertEquals(Optional.of("sasl.jaas.config"), KafkaClientConfig.propertyName("KAFKA_SASL_JAAS_CONFIG"));
        assertEquals(Optional.of("ssl.truststore.location"), KafkaClientConfig.propertyName("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        assertEquals(Optional.of("ssl.truststore.type"), KafkaClientConfig.propertyName("KAFKA_SSL_TRUSTSTORE_TYPE"));
        assertEquals(Optional.of("ssl.endpoint.identification.algorithm"),
                KafkaClientConfig.propertyName("KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM"));
        // "__" is a literal '_' and "___" a '-' (no client property has either, the rule is there for completeness)
        assertEquals(Optional.of("a_b.c-d"), KafkaClientConfig.propertyName("KAFKA_A__B_C___D"));
        assertEquals(Optional.empty(), KafkaClientConfig.propertyName("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals(Optional.empty(), KafkaClientConfig.propertyName("KAFKA_"));
        assertEquals(Optional.empty(), KafkaClientConfig.propertyName("SASL_MECHANISM"));
    }

    @Test
    void onlyClientPropertiesAreTakenTheRestIsReportedAsIgnored() {
        List<String> ignored = new ArrayList<>();
        Properties p = KafkaClientConfig.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", JAAS,
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/microdrama/kafka-ca/ca.crt",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "KAFKA_PORT", "tcp://10.0.0.1:9092",
                "KAFKA_SASL_MECANISM", "typo",
                "PATH", "/usr/bin"), ignored);
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.type", "PEM", "ssl.truststore.location", "/etc/microdrama/kafka-ca/ca.crt"), Map.copyOf(p));
        assertEquals(List.of("KAFKA_PORT", "KAFKA_SASL_MECANISM"), ignored);
    }

    @Test
    void secretsAreHiddenInDescriptionsAndRedactedFromAnyText() {
        Properties p = KafkaClientConfig.fromEnv(Map.of("KAFKA_SASL_JAAS_CONFIG", JAAS,
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "truststore-pw-123", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), new ArrayList<>());
        String described = KafkaClientConfig.describe(p);
        assertEquals("sasl.jaas.config=[hidden], security.protocol=SASL_SSL, ssl.truststore.password=[hidden]", described);
        assertTrue(KafkaClientConfig.isSecret("sasl.jaas.config"));
        assertTrue(KafkaClientConfig.isSecret("ssl.keystore.key"));
        assertFalse(KafkaClientConfig.isSecret("sasl.mechanism"));
        String leaked = "failed: " + JAAS + " / truststore-pw-123 / s3cret-Passw0rd-xyz";
        String redacted = Redaction.redact(leaked);
        assertFalse(redacted.contains("s3cret-Passw0rd-xyz"), redacted);
        assertFalse(redacted.contains("truststore-pw-123"), redacted);
        // a JAAS line whose value was never registered still loses its password
        assertEquals("x password=\"[hidden]\";", Redaction.redact("x password=\"never-registered\";"));
        assertEquals("security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512, user ops-cli-reader",
                KafkaClientConfig.security(withMechanism(p)));
    }

    private static Properties withMechanism(Properties p) {
        p.setProperty("sasl.mechanism", "SCRAM-SHA-512");
        return p;
    }

    @Test
    void aPropertiesFileIsLoadedAndAnUnknownKeyInItIsAUsageError(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("client.properties");
        Files.writeString(good, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        assertEquals("SASL_SSL", KafkaClientConfig.load(good).getProperty("security.protocol"));
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "security.protocol=SASL_SSL\nsecurity.protocl=SSL\n");
        OpsException e = assertThrows(OpsException.class, () -> KafkaClientConfig.load(bad));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("security.protocl"), e.getMessage());
        OpsException missing = assertThrows(OpsException.class, () -> KafkaClientConfig.load(dir.resolve("nope")));
        assertEquals(2, missing.exitCode());
    }

    @Test
    void precedenceIsFileThenEnvThenOptionsThenWhatOpsCliFixes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n", "bootstrap.servers=from-file:9093", "security.protocol=SSL",
                "sasl.mechanism=PLAIN", "request.timeout.ms=99999", "group.id=someone-elses-group", ""));
        KafkaOptions o = new KafkaOptions();
        o.configFile = file;
        o.environment = Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        Properties p = o.properties();
        assertEquals("from-file:9093", o.bootstrapServers(), "no option and no KAFKA_BOOTSTRAP_SERVERS: the file's");
        assertEquals("SASL_SSL", p.getProperty("security.protocol"), "env over file");
        assertEquals("PLAIN", p.getProperty("sasl.mechanism"), "file where env says nothing");
        assertEquals("8000", p.getProperty("request.timeout.ms"), "--kafka-timeout over both");

        KafkaOptions withEnvBootstrap = new KafkaOptions();
        withEnvBootstrap.configFile = file;
        withEnvBootstrap.environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", "from-env:9093");
        assertEquals("from-env:9093", withEnvBootstrap.bootstrapServers());

        KafkaOptions withOption = new KafkaOptions();
        withOption.configFile = file;
        withOption.environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", "from-env:9093");
        withOption.bootstrapServersOption = "from-option:9093";
        assertEquals("from-option:9093", withOption.bootstrapServers());

        KafkaOptions local = new KafkaOptions();
        local.environment = Map.of();
        assertEquals("127.0.0.1:9092", local.bootstrapServers());
        assertEquals("PLAINTEXT", local.properties().getProperty("security.protocol", "PLAINTEXT"));
    }
}
