package com.microdrama.ops.replay;

/** Spaces sends evenly at N per second (no bursts), so a replay cannot flood the live consumers. */
public final class RateLimiter {
    private final double perSecond;
    private final long startNanos;
    private long permits;

    public RateLimiter(double perSecond, long startNanos) {
        this.perSecond = perSecond;
        this.startNanos = startNanos;
    }

    /** How long to wait before the next permit, given the time now. Pure, for tests. */
    public long delayNanos(long nowNanos) {
        if (perSecond <= 0) {
            return 0;
        }
        long due = startNanos + (long) (permits * 1_000_000_000L / perSecond);
        return Math.max(0, due - nowNanos);
    }

    public void acquire() throws InterruptedException {
        long delay = delayNanos(System.nanoTime());
        if (delay > 0) {
            Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
        }
        permits++;
    }
}
