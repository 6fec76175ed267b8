package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * The headline keys of a result file, with their targets: the one list the console table after a run, the results
 * page (bench/RESULTS.md) and the history lines (bench/results/history.jsonl) are made from.
 */
final class Metrics {

    /** A key (dotted path into the result JSON), its target as written for people, and the test of that target. */
    record Metric(String key, String target, DoublePredicate met) {
        static Metric plain(String key) {
            return new Metric(key, "", null);
        }

        /** The key's number in {@code r}, or null when the result has no such key. */
        JsonNode in(JsonNode r) {
            JsonNode n = r;
            for (String part : key.split("\\.")) {
                n = n.path(part);
            }
            return n.isMissingNode() || n.isNull() ? null : n;
        }

        /** "met", "MISSED", or "" without a target or a value. */
        String verdict(JsonNode r) {
            JsonNode n = in(r);
            return met == null || n == null ? "" : met.test(n.asDouble()) ? "met" : "MISSED";
        }
    }

    static final List<Metric> HEADLINE = headline();

    private static List<Metric> headline() {
        List<Metric> m = new ArrayList<>(List.of(
                new Metric("playback.throughput_ratio", "≥ 0.5", v -> v >= 0.5),
                Metric.plain("playback.requests_per_s"),
                Metric.plain("trivial.requests_per_s"),
                Metric.plain("trivial.p99_ms"),
                new Metric("playback.p99_ms", "< 20", v -> v < 20),
                Metric.plain("playback.at_16_connections.trivial_p99_ms"),
                new Metric("playback.at_16_connections.p99_ms", "< 20", v -> v < 20),
                new Metric("playback.at_16_connections.throughput_ratio", "≥ 0.5", v -> v >= 0.5),
                Metric.plain("playback_free.requests_per_s"),
                Metric.plain("entitlement_check.requests_per_s"),
                Metric.plain("entitlement_check.p99_ms"),
                Metric.plain("series_page.requests_per_s"),
                new Metric("series_page.p99_ms", "< 30", v -> v < 30),
                Metric.plain("series_page.degraded_answers"),
                Metric.plain("unlock_visible.p50_ms"),
                Metric.plain("unlock_visible.p99_ms"),
                Metric.plain("unlock_visible.kafka_rtt_p50_ms"),
                Metric.plain("unlock_visible.kafka_rtt_p99_ms"),
                new Metric("unlock_visible.p99_ratio_to_kafka", "≤ 3", v -> v <= 3),
                Metric.plain("unlock_visible.pg_commit_p99_ms"),
                Metric.plain("unlock_visible.kafka_and_commit_p99_ms"),
                Metric.plain("unlock_visible.p99_ratio_to_kafka_and_commit"),
                Metric.plain("checkout_visible.p50_ms"),
                Metric.plain("checkout_visible.p99_ms"),
                Metric.plain("webhook_burst.events_per_s"),
                Metric.plain("webhook_burst.deliveries_per_s"),
                Metric.plain("webhook_burst.p99_ms"),
                new Metric("webhook_burst.mismatches", "= 0", v -> v == 0),
                Metric.plain("rebuild.events"),
                // full runs rebuild 1,000,000 events (docs/decisions/0011-rebuild-design.md)
                new Metric("rebuild.seconds", "≤ 45", v -> v <= 45),
                Metric.plain("rebuild.events_per_s"),
                Metric.plain("rebuild.pg_floor_seconds"),
                new Metric("rebuild.ratio_to_pg_floor", "≤ 2", v -> v <= 2),
                Metric.plain("rebuild.cpu_s.total"),
                Metric.plain("rebuild.cpu_s.service"),
                Metric.plain("rebuild.cpu_s.postgresql"),
                Metric.plain("rebuild.cpu_s.kafka"),
                Metric.plain("rebuild.pg_floor_cpu_s.postgresql"),
                Metric.plain("rebuild.cpu_ratio_to_pg_floor"),
                Metric.plain("rebuild.raw_events_per_s"),
                Metric.plain("rebuild.ratio_to_raw")));
        for (String s : Fleet.SERVICES) {
            m.add(new Metric("rss_mb." + s, "< 300", v -> v < 300));
        }
        for (String s : Fleet.SERVICES) {
            m.add(Metric.plain("rss_own_mb." + s));
        }
        // docs/decisions/0030-fast-starts.md: each alone on a quiet fleet, and the three at once until all are ready
        for (String s : Fleet.SERVICES) {
            m.add(new Metric("start_ms." + s + ".alone", "≤ 3000", v -> v <= 3000));
        }
        m.add(new Metric("start_ms.all_at_once", "≤ 10000", v -> v <= 10000));
        // each one's own start while the three start together (runs before 2026-12-07 name it start_ms.<service>)
        for (String s : Fleet.SERVICES) {
            m.add(Metric.plain("start_ms." + s + ".with_others"));
        }
        m.add(new Metric("faults.mismatches", "= 0", v -> v == 0));
        m.add(Metric.plain("soak.seed"));
        m.add(Metric.plain("soak.minutes"));
        m.add(Metric.plain("soak.requests"));
        m.add(new Metric("soak.mismatches", "= 0", v -> v == 0));
        m.add(Metric.plain("soak.errors_in_fault_windows"));
        m.add(Metric.plain("soak.fault_window_share"));
        m.add(new Metric("soak.errors_outside_fault_windows", "= 0", v -> v == 0));
        for (String s : Fleet.SERVICES) {
            m.add(new Metric("soak.rss_growth_mb_last_5_min." + s, "≤ " + SoakCommand.RSS_GROWTH_LIMIT_MB,
                    v -> v <= SoakCommand.RSS_GROWTH_LIMIT_MB));
        }
        return List.copyOf(m);
    }

    /** The console table of the headline keys whose names start with one of {@code prefixes} (all when none). */
    static void print(JsonNode r, String... prefixes) {
        String fmt = "%-44s %14s  %s%n";
        System.out.println();
        System.out.printf(fmt, "metric", "value", "target");
        for (Metric m : HEADLINE) {
            if (prefixes.length == 0 || List.of(prefixes).stream().anyMatch(m.key()::startsWith)) {
                JsonNode n = m.in(r);
                String verdict = m.verdict(r);
                System.out.printf(fmt, m.key(), n == null ? "-" : n.asText(), m.target() + (verdict.isEmpty() ? "" : "  " + verdict));
            }
        }
        System.out.println("load average: " + r.path("run").path("load_average_start").asText() + " → "
                + r.path("load_average_end").asText());
    }

    private Metrics() {
    }
}
