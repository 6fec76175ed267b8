package com.microdrama.ops.kafka;

/** Offsets {@code [start, end)} of one partition to read; {@code end == Long.MAX_VALUE} means follow (tail). */
public record PartitionRange(int partition, long start, long end) {

    public static final long OPEN = Long.MAX_VALUE;

    public long size() {
        return end == OPEN ? 0 : Math.max(0, end - start);
    }

    public boolean open() {
        return end == OPEN;
    }
}
