package com.microdrama.ops.kafka;

import com.microdrama.ops.Cli;
import com.microdrama.ops.Events;
import com.microdrama.testsupport.ScratchKafka;
import com.microdrama.testsupport.LocalSecrets;
import com.microdrama.testsupport.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ops-cli configured as the reconcile CronJob configures it (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM and
 * KAFKA_SASL_JAAS_CONFIG in the environment, or a client properties file) against the local broker's real
 * SASL_PLAINTEXT/SCRAM-SHA-512 listener. The cluster adds TLS, which is only ssl.truststore.* more.
 */
class ScramListenerIT {
    private static ScratchKafka kafka;
    private static String topic;
    private static String password;

    @BeforeAll
    static void produce() throws Exception {
        password = LocalSecrets.get("OPS_KAFKA_PASSWORD");
        kafka = new ScratchKafka();
        topic = kafka.topic("scram", 1);
        kafka.send(topic, 0, "alice", Events.episodePurchased("alice").toJson(), Map.of());
    }

    @AfterAll
    static void cleanup() throws Exception {
        kafka.close();
    }

    private static String jaas(String user, String pw) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + pw + "\";";
    }

    private static Map<String, String> env(String jaas) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", Platform.kafkaScramBootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", jaas);
    }

    @Test
    void theJarReadsThroughScramWithCredentialsFromTheEnvironmentOnly() {
        Cli.Result r = Cli.runJar(env(jaas(Platform.KAFKA_SCRAM_USER, password)), "events", "dump", topic);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.outLines().size(), r.out());
        assertTrue(r.out().contains("\"key\":\"alice\""), r.out());
        assertFalse(r.err().contains(password), r.err());
    }

    @Test
    void aClientPropertiesFileWorksTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka-client.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config="
                + jaas(Platform.KAFKA_SCRAM_USER, password) + "\n");
        Cli.Result r = Cli.run("events", "dump", topic, "--bootstrap-servers", Platform.kafkaScramBootstrapServers(),
                "--kafka-config", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.outLines().size(), r.out());
    }

    @Test
    void aWrongPasswordFailsClearlyWithoutPrintingIt() {
        String wrong = "wrong-" + password;
        Cli.Result r = Cli.runJar(env(jaas(Platform.KAFKA_SCRAM_USER, wrong)), "events", "dump", topic);
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("error: Kafka at " + Platform.kafkaScramBootstrapServers()
                + " (security.protocol=SASL_PLAINTEXT, sasl.mechanism=SCRAM-SHA-512, user ops-cli) refused the connection"),
                r.err());
        assertTrue(r.err().contains("SaslAuthenticationException"), r.err());
        assertFalse(r.err().contains(wrong), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void aWrongMechanismIsRefusedToo() {
        Map<String, String> env = new java.util.HashMap<>(env(jaas(Platform.KAFKA_SCRAM_USER, password)));
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
        Cli.Result r = Cli.runJar(env, "events", "dump", topic);
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("refused the connection"), r.err());
        assertFalse(r.err().contains(password), r.err());
    }
}
