package com.microdrama.e2e;

import com.microdrama.testsupport.Platform;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** What the broker knows: end offsets, a consumer group's committed offsets, scratch topics and their records. */
final class KafkaProbe {
    /** entitlement-service's group in the prod profile the packaged jar runs. */
    static final String ENTITLEMENT_GROUP = "entitlement-service";
    static final String PAYMENT_EVENTS = "payment-events";

    private KafkaProbe() {
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        return Admin.create(p);
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Next offset to be written, per partition. */
    static Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> c = consumer()) {
            Map<Integer, Long> out = new TreeMap<>();
            c.endOffsets(partitions(c, topic)).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    /** The group's committed offsets on the topic (partitions it never committed are absent). */
    static Map<Integer, Long> committed(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(15, TimeUnit.SECONDS);
            Map<Integer, Long> out = new TreeMap<>();
            all.forEach((tp, o) -> {
                if (tp.topic().equals(topic) && o != null) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    /**
     * Waits until the group has committed at least {@code ends} on every partition that has records: then it has
     * handled (and committed after its database commit) every record written before those offsets.
     */
    static void awaitCommitted(String group, String topic, Map<Integer, Long> ends, Duration atMost) {
        await("group " + group + " committed past " + ends + " on " + topic).atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<Integer, Long> committed = committed(group, topic);
                    return ends.entrySet().stream()
                            .allMatch(e -> e.getValue() == 0 || committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
                });
    }

    /** The live consumer has taken in everything written to payment-events so far. */
    static void awaitEntitlementServiceCaughtUp() {
        awaitCommitted(ENTITLEMENT_GROUP, PAYMENT_EVENTS, endOffsets(PAYMENT_EVENTS), Duration.ofSeconds(60));
    }

    static String createTopic(String prefix, int partitions) {
        String name = "e2e-ops-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(15, TimeUnit.SECONDS);
            return name;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    static void deleteTopic(String name) {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(name)).all().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete topic " + name, e);
        }
    }

    /** Records of a topic from the given offsets (absent partitions: from the beginning) up to the end offsets now. */
    static List<ConsumerRecord<String, String>> read(String topic, Map<Integer, Long> from) {
        try (KafkaConsumer<String, String> c = consumer()) {
            List<TopicPartition> tps = partitions(c, topic);
            c.assign(tps);
            c.seekToBeginning(tps);
            from.forEach((p, o) -> c.seek(new TopicPartition(topic, p), o));
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end + " within 30 s");
                }
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                });
            }
            return out;
        }
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> c, String topic) {
        return c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }
}
