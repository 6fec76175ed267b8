package com.microdrama.bench;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PurchaseRefunded;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Raw Kafka numbers (the denominators) and the scratch topics they need. Never writes to the shared topics. */
final class KafkaBench {

    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        return Admin.create(p);
    }

    static void createTopic(String topic, int partitions) throws Exception {
        try (Admin a = admin()) {
            a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static void deleteQuietly(List<String> topics, List<String> groups) {
        try (Admin a = admin()) {
            if (!topics.isEmpty()) {
                a.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
            if (!groups.isEmpty()) {
                a.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("WARN: could not delete scratch topics/groups " + topics + " " + groups + ": " + e);
        }
    }

    static KafkaProducer<String, String> producer(int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        if (lingerMs > 0) {
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        }
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<String, String> consumer(String groupId, int maxPollRecords) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        if (groupId != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /**
     * One record at a time: produce (acks=all, idempotent) → the consumer sees it, on a scratch topic of one
     * partition. Kept open so its samples can be taken between other measurements, under the same conditions.
     */
    static final class RoundTrip implements AutoCloseable {
        private final KafkaProducer<String, String> producer = producer(0);
        private final KafkaConsumer<String, String> consumer = consumer(null, 500);
        private final String value = "x".repeat(400);
        private final String topic;
        private int sent;

        RoundTrip(String topic) throws Exception {
            createTopic(topic, 1);
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            this.topic = topic;
            for (int i = 0; i < 50; i++) { // the first ones warm up connections and metadata
                once();
            }
        }

        /** Nanoseconds from send until the consumer has the record. */
        long once() {
            String key = "rtt-" + sent++;
            long t0 = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, key, value));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key().equals(key)) {
                        return System.nanoTime() - t0;
                    }
                }
            }
            throw new IllegalStateException("record " + key + " not consumed within 10 s");
        }

        @Override
        public void close() {
            producer.close();
            consumer.close();
        }
    }

    /**
     * Synthetic payment-events for the rebuild: 90 % episode purchases, 10 % refunds of an earlier unlock of the same
     * user, keyed by user id like the real topic. Returns how many were produced.
     */
    static long produceSynthetic(String topic, long count, String runId, String seriesId, List<String> paidEpisodes)
            throws Exception {
        Random random = new Random(42);
        int users = (int) Math.max(1, count / 100);
        Map<Integer, List<String>> unlocksByUser = new HashMap<>();
        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = producer(20)) {
            for (long i = 0; i < count; i++) {
                int u = random.nextInt(users);
                String userId = "bench-" + runId + "-u" + u;
                List<String> unlocks = unlocksByUser.computeIfAbsent(u, k -> new ArrayList<>());
                EventEnvelope event;
                if (!unlocks.isEmpty() && random.nextInt(10) == 0) {
                    String unlockId = unlocks.remove(random.nextInt(unlocks.size()));
                    event = EventEnvelope.of(UUID.randomUUID().toString(), "/bench", EventTypes.PURCHASE_REFUNDED, userId,
                            now, new PurchaseRefunded(UUID.randomUUID().toString(), userId, unlockId, "episode-unlock",
                                    "bench", now));
                } else {
                    String unlockId = UUID.randomUUID().toString();
                    if (unlocks.size() < 50) {
                        unlocks.add(unlockId);
                    }
                    String episode = paidEpisodes.get(random.nextInt(paidEpisodes.size()));
                    event = EventEnvelope.of(UUID.randomUUID().toString(), "/bench", EventTypes.EPISODE_PURCHASED, userId,
                            now, new EpisodePurchased(unlockId, userId, episode, seriesId, 10, now));
                }
                producer.send(new ProducerRecord<>(topic, userId, event.toJson()), (md, e) -> {
                    if (e != null) {
                        System.err.println("produce failed: " + e);
                    }
                });
            }
            producer.flush();
        }
        return count;
    }

    /** A plain consumer reads the whole topic from the beginning; returns events/s. */
    static double rawRead(String topic, long expected) {
        return rawRead(List.of(topic), expected).perSecond();
    }

    /** What a plain read took: the records and the seconds. */
    record RawRead(long records, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    /** One plain consumer reads the topics from the beginning to their end offsets, decoding every value. */
    static RawRead rawRead(List<String> topics, long expected) {
        try (KafkaConsumer<String, String> consumer = consumer(null, 500)) {
            List<TopicPartition> parts = new ArrayList<>();
            topics.forEach(topic -> parts.addAll(partitions(consumer, topic)));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long read = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            while (!reached(consumer, end)) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    bytes += r.value().length(); // touch the value so it is really decoded
                    read++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (read < expected) {
                throw new IllegalStateException("raw read saw " + read + " of " + expected + " records (" + bytes + " chars)");
            }
            return new RawRead(read, seconds);
        }
    }

    /** Commits the group's offsets at the end, so a service joining that group starts with nothing to consume. */
    static void commitAtEnd(String groupId, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(groupId, 500)) {
            List<TopicPartition> parts = partitions(consumer, topic);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            consumer.endOffsets(parts).forEach((tp, off) -> offsets.put(tp, new OffsetAndMetadata(off)));
            consumer.assign(parts);
            consumer.commitSync(offsets);
        }
    }

    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> parts = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
        return parts;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private KafkaBench() {
    }
}
