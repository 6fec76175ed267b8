package com.microdrama.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads a topic of the local broker the way a test needs it: the topics are shared with the running system, the
 * bench and other tests, so a reader starts at the end offsets taken when it is opened (before the test acts), uses
 * no consumer group, keeps only the records whose key the test owns and waits for them with a timeout. Reads are
 * {@code read_committed}: what a consumer of the services would see.
 */
public final class TopicReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long {@link #awaitLatest(Function, Predicate)} waits. */
    private static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(20);

    private final KafkaConsumer<String, String> consumer;
    private final Predicate<String> ownKey;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicReader(String topic, Predicate<String> ownKey) {
        this.consumer = consumer();
        this.ownKey = ownKey;
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the lazy seek now, before the test acts
    }

    /** A reader of everything written to {@code topic} from now on. */
    public static TopicReader atEndOf(String topic) {
        return new TopicReader(topic, key -> true);
    }

    /** A reader of what is written to {@code topic} from now on under the keys the test owns (null keys never). */
    public static TopicReader atEndOf(String topic, Predicate<String> ownKey) {
        return new TopicReader(topic, key -> key != null && ownKey.test(key));
    }

    /** The records matching {@code filter}, once {@code expected} of them arrived or {@code timeout} passed. */
    public List<ConsumerRecord<String, String>> await(Predicate<ConsumerRecord<String, String>> filter, int expected,
                                                      Duration timeout) {
        return awaitUntil(filter, found -> found.size() >= expected, timeout);
    }

    /** The records matching {@code filter}, once {@code done} holds for them or {@code timeout} passed. */
    public List<ConsumerRecord<String, String>> awaitUntil(Predicate<ConsumerRecord<String, String>> filter,
                                                           Predicate<List<ConsumerRecord<String, String>>> done,
                                                           Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> found = matching(filter);
        while (!done.test(found) && System.nanoTime() < deadline) {
            pollOnce();
            found = matching(filter);
        }
        return found;
    }

    /** Everything matching {@code filter} that arrived until {@code window} passed (to prove nothing more came). */
    public List<ConsumerRecord<String, String>> collect(Predicate<ConsumerRecord<String, String>> filter,
                                                        Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            pollOnce();
        }
        return matching(filter);
    }

    /**
     * The newest value per key (what a compacted topic keeps), parsed, once {@code done} holds for them or 20 s
     * passed.
     */
    public <T> Map<String, T> awaitLatest(Function<String, T> parse, Predicate<Map<String, T>> done) {
        long deadline = System.nanoTime() + DEFAULT_PATIENCE.toNanos();
        Map<String, T> latest = latest(parse);
        while (!done.test(latest) && System.nanoTime() < deadline) {
            pollOnce();
            latest = latest(parse);
        }
        return latest;
    }

    private void pollOnce() {
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
            if (ownKey.test(r.key())) {
                seen.add(r);
            }
        }
    }

    private List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> filter) {
        return seen.stream().filter(filter).toList();
    }

    private <T> Map<String, T> latest(Function<String, T> parse) {
        Map<String, T> latest = new LinkedHashMap<>();
        seen.forEach(r -> latest.put(r.key(), parse.apply(r.value())));
        return Map.copyOf(latest);
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** The next offset to be written, per partition of {@code topic}. */
    public static Map<Integer, Long> endOffsets(String topic) {
        Map<Integer, Long> out = new TreeMap<>();
        endOffsets(List.of(topic)).forEach((tp, offset) -> out.put(tp.partition(), offset));
        return out;
    }

    /** The next offset to be written, per partition of every topic named. */
    public static Map<TopicPartition, Long> endOffsets(List<String> topics) {
        try (KafkaConsumer<String, String> c = consumer()) {
            List<TopicPartition> all = new ArrayList<>();
            topics.forEach(topic -> all.addAll(partitions(c, topic)));
            return c.endOffsets(all);
        }
    }

    /**
     * The records of {@code topic} from the given offsets per partition (a partition not named: from its beginning)
     * up to its end offsets now; fails when they cannot be read within 30 s.
     */
    public static List<ConsumerRecord<String, String>> readUpToEnd(String topic, Map<Integer, Long> from) {
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
                c.poll(POLL).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                });
            }
            return out;
        }
    }

    /** The value of the record's last header of that name as UTF-8 text, or null. */
    public static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> c, String topic) {
        return c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }
}
