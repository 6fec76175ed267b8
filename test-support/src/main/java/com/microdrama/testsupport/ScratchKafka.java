package com.microdrama.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Fresh topics on the real broker (auto-creation is off), deleted when the test is done, and a producer to fill them;
 * test-support's TopicReader reads them back.
 */
public final class ScratchKafka implements AutoCloseable {
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final List<String> created = new ArrayList<>();
    private final String namePrefix;

    /** Topics named {@code ops-it-<prefix>-<8 hex>}: ops-cli's tests. */
    public ScratchKafka() {
        this("ops-it");
    }

    /** Topics named {@code <namePrefix>-<prefix>-<8 hex>}. */
    public ScratchKafka(String namePrefix) {
        this.namePrefix = namePrefix;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        admin = Admin.create(p);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer());
    }

    public static String bootstrap() {
        return Platform.kafkaBootstrapServers();
    }

    public String topic(String prefix, int partitions) throws Exception {
        String name = namePrefix + "-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        // Tests produce records with timestamps of their own (months in the past): without this the broker's
        // retention check, every five minutes, could delete them between the produce and a read.
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", "-1"));
        admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
        created.add(name);
        return name;
    }

    public RecordMetadata send(String topic, Integer partition, String key, String value, Map<String, String> headers)
            throws Exception {
        return send(topic, partition, null, key, value, headers);
    }

    public RecordMetadata send(String topic, Integer partition, Long timestamp, String key, String value,
                               Map<String, String> headers) throws Exception {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, partition, timestamp, key, value);
        headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return producer.send(r).get(10, TimeUnit.SECONDS);
    }

    /** Also deletes these topics (e.g. the internal topics a Kafka Streams application made) at close. */
    public void deleteAtClose(List<String> topics) {
        created.addAll(topics);
    }

    /** The names of the broker's topics that start with {@code prefix}. */
    public List<String> topicsStartingWith(String prefix) throws Exception {
        return admin.listTopics().names().get(15, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(prefix)).toList();
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        if (!created.isEmpty()) {
            admin.deleteTopics(created).all().get(15, TimeUnit.SECONDS);
        }
        admin.close(Duration.ofSeconds(5));
    }
}
