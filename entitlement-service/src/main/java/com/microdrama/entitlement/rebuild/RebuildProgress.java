package com.microdrama.entitlement.rebuild;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** What a rebuild job has done so far; written by the job's thread, read by status requests. */
public final class RebuildProgress {

    public enum State { RUNNING, SWAPPED, FAILED }

    public enum Phase { PREPARING, REPLAYING, INDEXING, CATCHING_UP, SWAPPING, DONE }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String jobId, State state, Phase phase, Instant startedAt, Instant finishedAt,
                         long recordsRead, long recordsToRead, long recordsApplied, long invalidRecords,
                         long failedRecords, long catchUpRecords, double eventsPerSecond,
                         Map<String, Long> endOffsets, Map<String, Long> positions,
                         Long entitlementsBefore, Long entitlementsAfter, int swapAttempts, String error,
                         Map<Phase, Long> phaseMillis) {
    }

    private final String jobId;
    private final Instant startedAt;
    private State state = State.RUNNING;
    private Phase phase = Phase.PREPARING;
    private Instant finishedAt;
    private long recordsRead;
    private long recordsToRead;
    private long recordsApplied;
    private long invalidRecords;
    private long failedRecords;
    private long catchUpRecords;
    private final Map<String, Long> endOffsets = new TreeMap<>();
    private final Map<String, Long> positions = new TreeMap<>();
    private Long entitlementsBefore;
    private Long entitlementsAfter;
    private int swapAttempts;
    private String error;
    /** Time spent in each phase so far, to see where a slow rebuild spends it. */
    private final Map<Phase, Long> phaseMillis = new EnumMap<>(Phase.class);
    private long phaseStartedNanos = System.nanoTime();

    public RebuildProgress(String jobId, Instant startedAt) {
        this.jobId = jobId;
        this.startedAt = startedAt;
    }

    public String jobId() {
        return jobId;
    }

    public synchronized boolean running() {
        return state == State.RUNNING;
    }

    public synchronized void phase(Phase next) {
        endPhase();
        phase = next;
    }

    private void endPhase() {
        long now = System.nanoTime();
        phaseMillis.merge(phase, (now - phaseStartedNanos) / 1_000_000, Long::sum);
        phaseStartedNanos = now;
    }

    /** The replay's target: from the first offset still in each partition to the end captured at start. */
    public synchronized void target(Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end) {
        recordsToRead = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            endOffsets.put(name(e.getKey()), e.getValue());
            recordsToRead += Math.max(0, e.getValue() - beginning.getOrDefault(e.getKey(), 0L));
        }
    }

    public synchronized void read(int records, Map<TopicPartition, Long> positionsNow) {
        recordsRead += records;
        positionsNow.forEach((tp, offset) -> positions.put(name(tp), offset));
    }

    public synchronized void applied(long records, long invalid, long failed) {
        recordsApplied += records;
        invalidRecords += invalid;
        failedRecords += failed;
    }

    public synchronized void caughtUp(long records) {
        catchUpRecords += records;
    }

    public synchronized void swapAttempt() {
        swapAttempts++;
    }

    public synchronized void swapped(long before, long after, Instant at) {
        entitlementsBefore = before;
        entitlementsAfter = after;
        endPhase();
        state = State.SWAPPED;
        phase = Phase.DONE;
        finishedAt = at;
    }

    public synchronized void failed(String why, Instant at) {
        endPhase();
        state = State.FAILED;
        error = why;
        finishedAt = at;
    }

    public synchronized Status status(Instant now) {
        Instant until = finishedAt != null ? finishedAt : now;
        return new Status(jobId, state, phase, startedAt, finishedAt, recordsRead, recordsToRead, recordsApplied,
                invalidRecords, failedRecords, catchUpRecords, rate(recordsRead, Duration.between(startedAt, until)),
                new TreeMap<>(endOffsets), new TreeMap<>(positions), entitlementsBefore, entitlementsAfter, swapAttempts, error,
                new EnumMap<>(phaseMillis));
    }

    static double rate(long records, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return Math.round(records / seconds * 10) / 10.0;
    }

    private static String name(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }
}
