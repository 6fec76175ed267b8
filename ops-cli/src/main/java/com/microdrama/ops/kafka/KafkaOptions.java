package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Broker connection options shared by every Kafka command. Timeouts are short on purpose: an operator typing a wrong
 * address must get an error within seconds, not a client that retries forever.
 */
public class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: env KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE})",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}")
    public String bootstrapServers = "127.0.0.1:9092";

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "8",
            description = "Timeout for reaching the broker and for each Kafka request (default: ${DEFAULT-VALUE})")
    public int timeoutSeconds = 8;

    private Properties common() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "ops-cli-" + UUID.randomUUID().toString().substring(0, 8));
        return p;
    }

    /** An admin client, after checking that the cluster answers at all (so later calls fail for real reasons). */
    public Admin admin() {
        Properties p = common();
        p.put(AdminClientConfig.RETRIES_CONFIG, 2);
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw OpsException.failure("cannot use Kafka bootstrap servers '" + bootstrapServers + "': " + rootMessage(e), e);
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutSeconds * 1000))
                    .clusterId().get(timeoutSeconds + 2L, TimeUnit.SECONDS);
            return admin;
        } catch (ExecutionException | TimeoutException e) {
            admin.close(java.time.Duration.ZERO);
            throw OpsException.failure("Kafka is not reachable at " + bootstrapServers + " (no answer within "
                    + timeoutSeconds + " s); check --bootstrap-servers / KAFKA_BOOTSTRAP_SERVERS", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admin.close(java.time.Duration.ZERO);
            throw OpsException.failure("interrupted while connecting to Kafka", e);
        }
    }

    /** A consumer that belongs to no group and commits nothing: reading must never move a service's offsets. */
    public KafkaConsumer<String, byte[]> consumer() {
        Properties p = common();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only committed transactional writes, as the services see them.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Idempotent, acks=all: a replayed or redriven record is written once and in order per partition. */
    public KafkaProducer<String, byte[]> producer() {
        Properties p = common();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutSeconds * 1000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeoutSeconds * 1000 * 2, 15_000));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The topic's description, or a usage error naming the topics that do exist. */
    public static TopicDescription describeTopic(Admin admin, String topic) {
        try {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames().get();
            return d.get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw OpsException.usage("topic '" + topic + "' does not exist" + existingTopicsHint(admin));
            }
            throw OpsException.failure("cannot describe topic '" + topic + "': " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpsException.failure("interrupted", e);
        }
    }

    private static String existingTopicsHint(Admin admin) {
        try {
            List<String> names = admin.listTopics().names().get(5, TimeUnit.SECONDS).stream().sorted().limit(20).toList();
            return " (existing topics: " + String.join(", ", names) + ")";
        } catch (Exception e) {
            return "";
        }
    }

    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }
}
