package com.microdrama.entitlement.rebuild;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RebuildProgressTest {
    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("payment-events", 0);
    private static final TopicPartition C1 = new TopicPartition("catalog-events", 1);

    @Test
    void theTargetCountsOnlyRecordsStillInTheLog() {
        RebuildProgress progress = new RebuildProgress("job", START);
        progress.target(Map.of(P0, 0L, C1, 40L), Map.of(P0, 100L, C1, 50L));

        RebuildProgress.Status status = progress.status(START);
        assertEquals(110, status.recordsToRead());
        assertEquals(Map.of("payment-events-0", 100L, "catalog-events-1", 50L), status.endOffsets());
    }

    @Test
    void eventsPerSecondIsRecordsReadOverElapsedTime() {
        RebuildProgress progress = new RebuildProgress("job", START);
        progress.read(500, Map.of(P0, 500L));
        progress.read(250, Map.of(P0, 750L));

        RebuildProgress.Status status = progress.status(START.plus(Duration.ofSeconds(3)));
        assertEquals(750, status.recordsRead());
        assertEquals(250.0, status.eventsPerSecond());
        assertEquals(Map.of("payment-events-0", 750L), status.positions());
    }

    @Test
    void aSwappedJobStopsItsClockAndReportsRowCounts() {
        RebuildProgress progress = new RebuildProgress("job", START);
        progress.read(100, Map.of());
        progress.swapped(7, 7, START.plusSeconds(2));

        RebuildProgress.Status status = progress.status(START.plusSeconds(60));
        assertEquals(RebuildProgress.State.SWAPPED, status.state());
        assertEquals(RebuildProgress.Phase.DONE, status.phase());
        assertEquals(50.0, status.eventsPerSecond());
        assertEquals(7L, status.entitlementsAfter());
        assertTrue(!progress.running());
    }

    @Test
    void aFailedJobSaysWhy() {
        RebuildProgress progress = new RebuildProgress("job", START);
        progress.failed("IllegalStateException: broker gone", START.plusSeconds(1));

        RebuildProgress.Status status = progress.status(START.plusSeconds(5));
        assertEquals(RebuildProgress.State.FAILED, status.state());
        assertEquals("IllegalStateException: broker gone", status.error());
        assertNull(status.entitlementsAfter());
    }
}
