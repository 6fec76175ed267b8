package com.microdrama.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples in nanoseconds; percentiles by nearest rank. */
final class Stats {
    private final List<Long> samples = new ArrayList<>();

    synchronized void add(long nanos) {
        samples.add(nanos);
    }

    synchronized int count() {
        return samples.size();
    }

    /** {@code <prefix>p<N>_ms} for each percentile N, rounded as results are, into {@code into}. */
    void putPercentiles(java.util.Map<String, Object> into, String prefix, int... percentiles) {
        for (int p : percentiles) {
            into.put(prefix + "p" + p + "_ms", Run.round(percentileMs(p)));
        }
    }

    synchronized double percentileMs(double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1_000_000.0;
    }
}
