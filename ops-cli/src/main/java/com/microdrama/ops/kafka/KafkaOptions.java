package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;
import com.microdrama.ops.Redaction;
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
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
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
 *
 * <p>Client properties, later sources winning: ops-cli's defaults, the {@code --kafka-config} file, {@code KAFKA_*}
 * environment variables ({@link KafkaClientConfig}), then --bootstrap-servers and --kafka-timeout, then what ops-cli
 * fixes for safety (consumers in no group that commit nothing and read committed data; producers idempotent with
 * acks=all and not transactional). Security (TLS, SASL/SCRAM) therefore comes from the environment or the file, so a
 * secret never has to be on the command line.
 */
public class KafkaOptions {
    private static final Logger LOG = Logger.getLogger(KafkaOptions.class);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: env KAFKA_BOOTSTRAP_SERVERS, else bootstrap.servers of "
                    + "--kafka-config, else 127.0.0.1:9092)")
    String bootstrapServersOption;

    @Option(names = "--kafka-timeout", paramLabel = "SECONDS", defaultValue = "8",
            description = "Timeout for reaching the broker and for each Kafka request (default: ${DEFAULT-VALUE})")
    public int timeoutSeconds = 8;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*, …), e.g. mounted from a "
                    + "Secret; KAFKA_* environment variables override it (KAFKA_SASL_JAAS_CONFIG -> sasl.jaas.config)")
    Path configFile;

    /** The environment the KAFKA_* variables are read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    private Properties resolved;
    private List<String> ignoredVariables = List.of();

    /** The bootstrap servers in effect: the option, else env KAFKA_BOOTSTRAP_SERVERS, else the file's, else local. */
    public String bootstrapServers() {
        return properties().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The environment variables that looked like Kafka settings but name no client property. */
    public List<String> ignoredVariables() {
        properties();
        return ignoredVariables;
    }

    /** Every client property shared by the admin client, consumers and producers (a copy). */
    public Properties properties() {
        if (resolved == null) {
            Properties p = new Properties();
            p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
            p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "ops-cli-" + UUID.randomUUID().toString().substring(0, 8));
            if (configFile != null) {
                p.putAll(KafkaClientConfig.load(configFile));
            }
            List<String> ignored = new ArrayList<>();
            p.putAll(KafkaClientConfig.fromEnv(environment, ignored));
            String bootstrap = bootstrapServersOption;
            if (bootstrap == null || bootstrap.isBlank()) {
                bootstrap = environment.get(KafkaClientConfig.BOOTSTRAP_ENV);
            }
            if (bootstrap == null || bootstrap.isBlank()) {
                bootstrap = p.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
            }
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutSeconds * 1000));
            p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutSeconds * 1000));
            if (!ignored.isEmpty()) {
                LOG.warnf("ignoring %s: not Kafka client properties (KAFKA_<PROPERTY> with '.' as '_')",
                        String.join(", ", ignored));
            }
            LOG.debugf("Kafka client properties: %s", KafkaClientConfig.describe(p));
            ignoredVariables = List.copyOf(ignored);
            resolved = p;
        }
        Properties copy = new Properties();
        copy.putAll(resolved);
        return copy;
    }

    private String where() {
        Properties p = properties();
        return bootstrapServers() + " (" + KafkaClientConfig.security(p) + ")";
    }

    /** A client Kafka refuses to build (unresolvable host, a truststore that is not there): exit 1, as before. */
    private OpsException creating(String what, KafkaException e) {
        return OpsException.failure("cannot create a Kafka " + what + " for " + where() + ": " + rootMessage(e), e);
    }

    /** An admin client, after checking that the cluster answers at all (so later calls fail for real reasons). */
    public Admin admin() {
        Properties p = properties();
        p.put(AdminClientConfig.RETRIES_CONFIG, "2");
        Admin admin;
        try {
            admin = Admin.create(p);
        } catch (KafkaException e) {
            throw creating("client", e);
        }
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutSeconds * 1000))
                    .clusterId().get(timeoutSeconds + 2L, TimeUnit.SECONDS);
            return admin;
        } catch (ExecutionException | TimeoutException e) {
            admin.close(java.time.Duration.ZERO);
            if (e.getCause() instanceof AuthenticationException auth) {
                throw OpsException.failure("Kafka at " + where() + " refused the connection: " + rootMessage(auth)
                        + "; check the KAFKA_SASL_* / KAFKA_SSL_* variables or --kafka-config", e);
            }
            throw OpsException.failure("Kafka is not reachable at " + where() + " (no answer within "
                    + timeoutSeconds + " s); check --bootstrap-servers / KAFKA_BOOTSTRAP_SERVERS and the security settings", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admin.close(java.time.Duration.ZERO);
            throw OpsException.failure("interrupted while connecting to Kafka", e);
        }
    }

    /** A consumer that belongs to no group and commits nothing: reading must never move a service's offsets. */
    public KafkaConsumer<String, byte[]> consumer() {
        Properties p = properties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Only committed transactional writes, as the services see them.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        try {
            return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw creating("consumer", e);
        }
    }

    /** Idempotent, acks=all: a replayed or redriven record is written once and in order per partition. */
    public KafkaProducer<String, byte[]> producer() {
        Properties p = properties();
        // Not transactional: no transactional id, so the writing user needs no TransactionalId ACL.
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutSeconds * 1000));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(timeoutSeconds * 1000 * 2, 15_000)));
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        try {
            return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw creating("producer", e);
        }
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

    /** The innermost cause, redacted: Kafka's texts can quote a JAAS line. */
    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return Redaction.redact(c.getClass().getSimpleName() + ": " + c.getMessage());
    }
}
