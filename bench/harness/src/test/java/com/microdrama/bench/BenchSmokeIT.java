package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code bench/run.sh --smoke} (benchmarks + fault scenarios in quick mode, on ports 9181-9184, never the
 * default 8081-8083) against the real platform and checks the result file: every required key is a sane number, the
 * webhook burst was applied exactly once and the fault scenarios found no mismatch. The harness kills its services on exit; this test kills the harness (and
 * with it, through its shutdown hook, the services) if it overruns.
 */
class BenchSmokeIT {

    private static final List<String> REQUIRED = List.of(
            "playback.throughput_ratio", "playback.p99_ms", "series_page.p99_ms", "unlock_visible.p99_ms",
            "unlock_visible.p99_ratio_to_kafka", "unlock_visible.pg_commit_p99_ms",
            "unlock_visible.p99_ratio_to_kafka_and_commit", "checkout_visible.p99_ms", "webhook_burst.events_per_s",
            "webhook_burst.p99_ms", "webhook_burst.mismatches", "rebuild.events_per_s", "rebuild.ratio_to_raw",
            "rebuild.seconds", "rebuild.pg_floor_seconds", "rebuild.ratio_to_pg_floor",
            "rss_mb.payment-service", "rss_mb.entitlement-service", "rss_mb.catalog-service",
            "rss_own_mb.payment-service", "faults.mismatches",
            "start_ms.all_at_once", "start_ms.payment-service.with_others");

    @Test
    void smokeRunProducesEveryNumberAndReconcilesWithoutMismatch() throws Exception {
        // ~2 min on a quiet machine; 3.5 min when other people's services and tests share its two cores (the services
        // alone then take 60-100 s to start)
        JsonNode r = HarnessRun.run(List.of("bash", "bench/run.sh", "--smoke"), "smoke-it.log", "latest-smoke.json", 480,
                "bench/run.sh --smoke");
        for (String key : REQUIRED) {
            JsonNode n = r;
            for (String part : key.split("\\.")) {
                n = n.path(part);
            }
            assertTrue(n.isNumber(), key + " is not a number: " + n);
            assertTrue(n.asDouble() >= 0 && Double.isFinite(n.asDouble()), key + " is not sane: " + n);
            if (!key.endsWith(".mismatches")) {
                assertTrue(n.asDouble() > 0, key + " should be positive: " + n);
            }
        }
        assertEquals(0, r.path("faults").path("mismatches").asInt(), "fault scenarios found mismatches: " + r.path("faults"));
        assertEquals(0, r.path("webhook_burst").path("mismatches").asInt(),
                "the webhook burst was not applied exactly once: " + r.path("webhook_burst"));
        assertEquals(10, r.path("faults").path("scenarios").path("wallet-race-50-unlocks-10-affordable").path("succeeded").asInt(),
                "exactly 10 of 50 parallel unlocks must succeed");
    }
}
