package com.microdrama.ops.kafka;

import com.microdrama.ops.OpsException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangePlannerTest {
    private static final List<Integer> PARTS = List.of(0, 1, 2);
    private static final Map<Integer, Long> BEGIN = Map.of(0, 0L, 1, 10L, 2, 0L);
    private static final Map<Integer, Long> END = Map.of(0, 100L, 1, 50L, 2, 0L);

    private static List<PartitionRange> plan(Set<Integer> selected, String from, String to, Map<Integer, Long> times,
                                             boolean follow) {
        return RangePlanner.plan("t", PARTS, BEGIN, END, times, selected, OffsetSpec.parse(from, "--from-offset"),
                OffsetSpec.parse(to, "--to-offset"), null, null, follow);
    }

    @Test
    void withoutOptionsDumpReadsFromTheFirstRetainedOffsetToTheEndCapturedNow() {
        assertEquals(List.of(new PartitionRange(0, 0, 100), new PartitionRange(1, 10, 50), new PartitionRange(2, 0, 0)),
                plan(Set.of(), null, null, null, false));
    }

    @Test
    void toOffsetIsInclusiveAndARangeBeforeRetentionIsEmpty() {
        assertEquals(List.of(new PartitionRange(0, 5, 8), new PartitionRange(1, 8, 8), new PartitionRange(2, 0, 0)),
                plan(Set.of(), "5", "7", null, false));
    }

    @Test
    void perPartitionOffsetsLeaveOtherPartitionsOut() {
        assertEquals(List.of(new PartitionRange(1, 20, 50)), plan(Set.of(), "1:20", null, null, false));
    }

    @Test
    void fromTimeStartsAtTheFirstOffsetAtOrAfterItAndPartitionsWithoutOneAreEmpty() {
        List<PartitionRange> ranges = plan(Set.of(), null, null, Map.of(0, 40L), false);
        assertEquals(new PartitionRange(0, 40, 100), ranges.get(0));
        assertEquals(0, ranges.get(1).size());
    }

    @Test
    void tailStartsAtTheEndUnlessAStartIsGiven() {
        assertEquals(new PartitionRange(0, 100, PartitionRange.OPEN), plan(Set.of(0), null, null, null, true).get(0));
        assertEquals(new PartitionRange(0, 3, PartitionRange.OPEN), plan(Set.of(0), "3", null, null, true).get(0));
    }

    @Test
    void fromAfterToIsAUsageError() {
        OpsException e = assertThrows(OpsException.class, () -> plan(Set.of(), "9", "3", null, false));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("--from-offset 9 is after --to-offset 3"));
    }

    @Test
    void unknownPartitionsAreUsageErrors() {
        assertEquals(2, assertThrows(OpsException.class, () -> plan(Set.of(5), null, null, null, false)).exitCode());
        assertEquals(2, assertThrows(OpsException.class, () -> plan(Set.of(), "4:1", null, null, false)).exitCode());
    }

    @Test
    void fromTimeAfterToTimeIsAUsageError() {
        OpsException e = assertThrows(OpsException.class, () -> RangePlanner.plan("t", PARTS, BEGIN, END, null, Set.of(),
                null, null, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), false));
        assertEquals(2, e.exitCode());
    }

    @Test
    void malformedOffsetsAreUsageErrors() {
        assertEquals(2, assertThrows(OpsException.class, () -> OffsetSpec.parse("abc", "--from-offset")).exitCode());
        assertEquals(2, assertThrows(OpsException.class, () -> OffsetSpec.parse("-1", "--from-offset")).exitCode());
        assertEquals(2, assertThrows(OpsException.class, () -> OffsetSpec.parse("1:2:3", "--from-offset")).exitCode());
    }
}
