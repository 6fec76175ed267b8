package com.microdrama.ops;

import com.microdrama.testsupport.Platform;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Fresh topics on the real broker (auto-creation is off), deleted when the test is done. */
public final class ScratchKafka implements AutoCloseable {
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final List<String> created = new ArrayList<>();

    public ScratchKafka() {
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
        String name = "ops-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(15, TimeUnit.SECONDS);
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

    /** Every record of a topic, read from the beginning to the end offsets. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 15_000;
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
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
