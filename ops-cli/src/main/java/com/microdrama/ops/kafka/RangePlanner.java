package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the range options into per-partition offset ranges, from what the broker says about the topic. Pure, so the
 * rules (what "from-offset 5" means next to "from-time", which inputs are errors) are unit-tested without a broker.
 */
public final class RangePlanner {

    /**
     * @param partitions  the topic's partitions
     * @param beginning   first offset still in each partition
     * @param end         the end offset captured now (next offset to be written)
     * @param fromTimeOffsets first offset with a timestamp >= --from-time per partition (absent: none, i.e. the end); null when no --from-time
     * @param follow      tail: no end offset, and without a start option start at the end
     */
    public static List<PartitionRange> plan(String topic, List<Integer> partitions, Map<Integer, Long> beginning,
                                            Map<Integer, Long> end, Map<Integer, Long> fromTimeOffsets,
                                            Set<Integer> selected, OffsetSpec from, OffsetSpec to,
                                            Instant fromTime, Instant toTime, boolean follow) {
        Set<Integer> known = new TreeSet<>(partitions);
        for (Integer p : selected) {
            if (!known.contains(p)) {
                throw OpsException.usage("unknown partition " + p + " of topic '" + topic + "' (it has partitions "
                        + known + ")");
            }
        }
        checkSpecPartitions(topic, known, from, "--from-offset");
        checkSpecPartitions(topic, known, to, "--to-offset");
        if (fromTime != null && toTime != null && fromTime.isAfter(toTime)) {
            throw OpsException.usage("--from-time " + fromTime + " is after --to-time " + toTime);
        }
        if (follow && to != null) {
            throw OpsException.usage("--to-offset makes no sense for tail; use dump");
        }
        List<PartitionRange> ranges = new ArrayList<>();
        for (int p : known) {
            if (!selected.isEmpty() && !selected.contains(p)) {
                continue;
            }
            long first = beginning.getOrDefault(p, 0L);
            long last = end.getOrDefault(p, 0L);
            Long fromOffset = from == null || from.forPartition(p).isEmpty() ? null : from.forPartition(p).getAsLong();
            Long toOffset = to == null || to.forPartition(p).isEmpty() ? null : to.forPartition(p).getAsLong();
            if (fromOffset != null && toOffset != null && fromOffset > toOffset) {
                throw OpsException.usage("bad range for partition " + p + ": --from-offset " + fromOffset
                        + " is after --to-offset " + toOffset);
            }
            // A per-partition --from-offset/--to-offset that does not name this partition leaves it out entirely:
            // "0:5" means "partition 0 from offset 5", not "partition 0 from 5 and every other partition whole".
            if ((from != null && from.all() == null && fromOffset == null && selected.isEmpty())
                    || (to != null && to.all() == null && toOffset == null && selected.isEmpty())) {
                continue;
            }
            long start;
            if (fromOffset == null && fromTimeOffsets == null && follow) {
                start = last;
            } else {
                start = first;
                if (fromOffset != null) {
                    start = Math.max(start, fromOffset);
                }
                if (fromTimeOffsets != null) {
                    start = Math.max(start, fromTimeOffsets.getOrDefault(p, last));
                }
            }
            long stop = follow ? PartitionRange.OPEN : last;
            if (!follow && toOffset != null) {
                stop = Math.min(stop, toOffset + 1);
            }
            if (!follow) {
                start = Math.min(start, stop);
            }
            ranges.add(new PartitionRange(p, start, stop));
        }
        return ranges;
    }

    private static void checkSpecPartitions(String topic, Set<Integer> known, OffsetSpec spec, String option) {
        if (spec == null) {
            return;
        }
        for (Integer p : spec.perPartition().keySet()) {
            if (!known.contains(p)) {
                throw OpsException.usage(option + " names unknown partition " + p + " of topic '" + topic
                        + "' (it has partitions " + known + ")");
            }
        }
    }

    private RangePlanner() {
    }
}
