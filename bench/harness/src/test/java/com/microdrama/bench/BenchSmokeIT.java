package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            "unlock_visible.p99_ratio_to_kafka", "checkout_visible.p99_ms", "webhook_burst.events_per_s",
            "webhook_burst.p99_ms", "webhook_burst.mismatches", "rebuild.events_per_s", "rebuild.ratio_to_raw",
            "rss_mb.payment-service", "rss_mb.entitlement-service", "rss_mb.catalog-service", "faults.mismatches");

    @Test
    void smokeRunProducesEveryNumberAndReconcilesWithoutMismatch() throws Exception {
        Path root = Path.of(System.getProperty("bench.root", "..")).resolve("..").toAbsolutePath().normalize();
        Path latest = root.resolve(".local/bench/results/latest-smoke.json");
        Files.deleteIfExists(latest);
        Path log = root.resolve(".local/bench/smoke-it.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder("bash", "bench/run.sh", "--smoke").directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // ~2 min on a quiet machine; 3.5 min when other people's services and tests share its two cores (the
            // services alone then take 60-100 s to start)
            assertTrue(p.waitFor(420, TimeUnit.SECONDS), "bench/run.sh --smoke did not finish in time; see " + log);
        } finally {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM: the harness's shutdown hook stops the services it started
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
        assertEquals(0, p.exitValue(), "bench/run.sh --smoke failed; see " + log);
        JsonNode r = new ObjectMapper().readTree(latest.toFile());
        assertFalse(r.has("error"), () -> "harness error: " + r.path("error"));
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
