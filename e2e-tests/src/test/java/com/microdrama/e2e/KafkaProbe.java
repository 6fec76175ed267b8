package com.microdrama.e2e;

import com.microdrama.testsupport.Platform;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * What the broker knows beyond a topic's records: a consumer group's committed offsets, scratch topics. Records and end
 * offsets are read by test-support's TopicReader.
 */
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
        awaitCommitted(ENTITLEMENT_GROUP, PAYMENT_EVENTS, TopicReader.endOffsets(PAYMENT_EVENTS), Duration.ofSeconds(60));
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
}
