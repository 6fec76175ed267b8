package com.microdrama.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time between an unlock's answer and its entitlement being visible goes, from the timestamps the services
 * write anyway (one clock: everything runs on this machine):
 * <ul>
 *   <li>{@code answer_to_published}: the unlock's 201 reached the harness → payment's relay marked the event
 *       published (after the broker's ack); negative when the relay was faster than the HTTP answer;</li>
 *   <li>{@code published_to_consuming}: → entitlement-service's consumer began the event's transaction
 *       ({@code processed_event.processed_at});</li>
 *   <li>{@code consuming_to_visible}: → the check said allowed (the consumer's transaction, its commit, and the poll).</li>
 * </ul>
 */
final class UnlockStages {

    /** One measured unlock: its id and the harness's wall-clock times of the answer and of visibility. */
    record Sample(String unlockId, long answeredAtMs, long visibleAtMs) {
    }

    private final List<Sample> samples = new ArrayList<>();

    void add(String unlockId, long answeredAtMs, long visibleAtMs) {
        samples.add(new Sample(unlockId, answeredAtMs, visibleAtMs));
    }

    /**
     * Percentiles (50, 99) per stage in ms; unlocks whose event the databases do not show are left out. Each unlock's
     * wall-clock times go to {@code perUnlockCsv} too, to line its stalls up with the GC logs in .local/bench/logs.
     */
    Map<String, Object> percentiles(Path perUnlockCsv) throws SQLException, IOException {
        Map<String, Double> publishedAt = new HashMap<>();
        Map<String, String> eventOf = new HashMap<>();
        List<String> ids = samples.stream().map(Sample::unlockId).toList();
        try (Connection c = Reconciliation.connect("payments");
             PreparedStatement s = c.prepareStatement("select payload::jsonb -> 'data' ->> 'unlockId', id::text,"
                     + " extract(epoch from published_at) * 1000 from outbox_event"
                     + " where type like '%episode-purchased%' and payload::jsonb -> 'data' ->> 'unlockId' = any(?)")) {
            Array array = c.createArrayOf("text", ids.toArray());
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    publishedAt.put(rs.getString(1), rs.getDouble(3));
                    eventOf.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        Map<String, Double> consumedAt = new HashMap<>();
        try (Connection c = Reconciliation.connect("entitlements");
             PreparedStatement s = c.prepareStatement("select event_id, extract(epoch from processed_at) * 1000"
                     + " from processed_event where event_id = any(?)")) {
            s.setArray(1, c.createArrayOf("text", eventOf.values().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    consumedAt.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        List<Double> toPublished = new ArrayList<>();
        List<Double> toConsuming = new ArrayList<>();
        List<Double> toVisible = new ArrayList<>();
        List<String> csv = new ArrayList<>(List.of("unlock_id,answered_at_ms,published_at_ms,consuming_at_ms,visible_at_ms"));
        for (Sample sample : samples) {
            Double published = publishedAt.get(sample.unlockId());
            Double consumed = published == null ? null : consumedAt.get(eventOf.get(sample.unlockId()));
            if (consumed == null) {
                continue;
            }
            csv.add(String.format(Locale.ROOT, "%s,%d,%.3f,%.3f,%d", sample.unlockId(), sample.answeredAtMs(), published, consumed,
                    sample.visibleAtMs()));
            toPublished.add(published - sample.answeredAtMs());
            toConsuming.add(consumed - published);
            toVisible.add(sample.visibleAtMs() - consumed);
        }
        Files.createDirectories(perUnlockCsv.getParent());
        Files.write(perUnlockCsv, csv);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", toVisible.size());
        out.put("answer_to_published_ms", p50p99(toPublished));
        out.put("published_to_consuming_ms", p50p99(toConsuming));
        out.put("consuming_to_visible_ms", p50p99(toVisible));
        return out;
    }

    private static Map<String, Double> p50p99(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("p50", round(rank(sorted, 50)));
        out.put("p99", round(rank(sorted, 99)));
        return out;
    }

    private static double rank(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
