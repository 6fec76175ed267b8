package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Reads planned offset ranges of one topic with a group-less consumer, record by record in partition order. */
public final class TopicScanner {

    /** What a command will read: the ranges per partition, fixed when the command starts. */
    public record Plan(String topic, List<PartitionRange> ranges) {
        public long total() {
            return ranges.stream().mapToLong(PartitionRange::size).sum();
        }
    }

    @FunctionalInterface
    public interface Handler {
        /** @return false to stop reading */
        boolean handle(ParsedRecord record);
    }

    private TopicScanner() {
    }

    public static Plan plan(Admin admin, KafkaConsumer<String, byte[]> consumer, String topic, RangeOptions range,
                            boolean follow) {
        // Parse everything first, so a typo fails before the broker is asked anything expensive.
        OffsetSpec from = range.from();
        OffsetSpec to = range.to();
        Instant fromTime = range.fromInstant();
        Instant toTime = range.toInstant();
        TopicDescription d = KafkaOptions.describeTopic(admin, topic);
        List<Integer> partitions = d.partitions().stream().map(TopicPartitionInfo::partition).sorted().toList();
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<Integer, Long> beginning = byPartition(consumer.beginningOffsets(tps));
        Map<Integer, Long> end = byPartition(consumer.endOffsets(tps));
        Map<Integer, Long> timeOffsets = null;
        if (fromTime != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, fromTime.toEpochMilli()));
            timeOffsets = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : consumer.offsetsForTimes(query).entrySet()) {
                if (e.getValue() != null) {
                    timeOffsets.put(e.getKey().partition(), e.getValue().offset());
                }
            }
        }
        return new Plan(topic, RangePlanner.plan(topic, partitions, beginning, end, timeOffsets,
                range.selectedPartitions(), from, to, fromTime, toTime, follow));
    }

    private static Map<Integer, Long> byPartition(Map<TopicPartition, Long> offsets) {
        Map<Integer, Long> out = new HashMap<>();
        offsets.forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }

    /**
     * Reads every range to its end (or, for open ranges, until {@code stop} says so or the handler returns false).
     * A partition is done when the consumer's position reaches the end offset, which also covers transaction markers
     * and compacted-away offsets that never come back as records.
     */
    public static void scan(KafkaConsumer<String, byte[]> consumer, Plan plan, BooleanSupplier stop, Handler handler) {
        Map<TopicPartition, PartitionRange> active = new LinkedHashMap<>();
        for (PartitionRange r : plan.ranges()) {
            if (r.open() || r.start() < r.end()) {
                active.put(new TopicPartition(plan.topic(), r.partition()), r);
            }
        }
        if (active.isEmpty()) {
            return;
        }
        consumer.assign(active.keySet());
        active.forEach((tp, r) -> consumer.seek(tp, r.start()));
        try {
            while (!active.isEmpty() && !stop.getAsBoolean()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(300));
                for (TopicPartition tp : records.partitions()) {
                    PartitionRange r = active.get(tp);
                    if (r == null) {
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> rec : records.records(tp)) {
                        if (!r.open() && rec.offset() >= r.end()) {
                            break;
                        }
                        if (!handler.handle(ParsedRecord.of(rec))) {
                            return;
                        }
                        if (stop.getAsBoolean()) {
                            return;
                        }
                    }
                }
                active.entrySet().removeIf(e -> !e.getValue().open() && consumer.position(e.getKey()) >= e.getValue().end());
                if (!active.keySet().containsAll(consumer.assignment())) {
                    consumer.pause(consumer.assignment().stream().filter(tp -> !active.containsKey(tp)).toList());
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C during tail: stop quietly, the caller reports what was done.
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw OpsException.failure("Kafka did not answer while reading " + plan.topic() + ": " + e.getMessage(), e);
        }
    }
}
