package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The rebuild measurement: synthetic payment-events in a scratch topic, a scratch entitlement-service (its own port
 * and database, an empty scratch catalog topic, its live group committed at the end so live consumption stays idle)
 * rebuilds from them; compared with what PostgreSQL alone needs to write the same final state (bench/pg-floor.sql, in
 * the same database right after) and with a plain consumer reading the same topic. Used by the full bench (port 9184,
 * database entitlements_bench) and by the rebuild-only mode (port 9185, entitlements_bench_rb), so the two never
 * collide. Scratch topics, group and database are removed at the end, also on failure.
 */
final class RebuildBench {

    private RebuildBench() {
    }

    static Map<String, Object> run(Fleet fleet, String instance, int port, String db, long events, String runId,
                                   String seriesId, List<String> paidEpisodes) throws Exception {
        String topic = "bench-payment-events-" + runId;
        String dlq = "bench-dlq-" + runId;
        // an empty scratch catalog topic: the rebuild then reads exactly the records the raw consumer reads
        String catalogTopic = "bench-catalog-events-" + runId;
        String group = "bench-entitlement-" + runId;
        String base = "http://127.0.0.1:" + port;
        Map<String, Object> out = new LinkedHashMap<>();
        CpuTimeline cpu = null;
        try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = pg.createStatement()) {
            s.execute("drop database if exists " + db + " with (force)");
            s.execute("create database " + db + " owner microdrama");
        }
        try {
            KafkaBench.createTopic(topic, 6);
            KafkaBench.createTopic(dlq, 1);
            KafkaBench.createTopic(catalogTopic, 1);
            long t0 = System.nanoTime();
            KafkaBench.produceSynthetic(topic, events, runId, seriesId, paidEpisodes);
            out.put("produce_s", round((System.nanoTime() - t0) / 1e9));
            double raw = KafkaBench.rawRead(topic, events);
            Run.log("raw read of %d events: %.0f/s", events, raw);
            KafkaBench.commitAtEnd(group, topic);
            fleet.define(instance, "entitlement-service", port, List.of(
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + db,
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/" + db,
                    "-Dmp.messaging.incoming.payment-events.topic=" + topic,
                    "-Dmp.messaging.incoming.catalog-events.topic=" + catalogTopic,
                    "-Dmp.messaging.incoming.payment-events.group.id=" + group,
                    "-Dmp.messaging.incoming.catalog-events.group.id=" + group,
                    "-Dmp.messaging.incoming.payment-events.dead-letter-queue.topic=" + dlq,
                    "-Dmp.messaging.incoming.catalog-events.dead-letter-queue.topic=" + dlq));
            fleet.start(instance);
            cpu = new CpuTimeline(Map.of("service", fleet.pid(instance),
                    "kafka", PlatformProcesses.pid(root(), PlatformProcesses.KAFKA_PID)));
            JsonNode job = Api.expect(Api.post(base + "/api/entitlements/admin/rebuild", Shop.adminToken(), null),
                    202, "start rebuild").json();
            String jobId = job.path("jobId").asText();
            JsonNode status = job;
            long deadline = System.currentTimeMillis() + 3_600_000;
            while ("RUNNING".equals(status.path("state").asText()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                status = Api.get(base + "/api/entitlements/admin/rebuild/" + jobId, Shop.adminToken()).json();
            }
            if (!"SWAPPED".equals(status.path("state").asText())) {
                throw new IllegalStateException("rebuild did not swap in: " + status);
            }
            long startedAt = Instant.parse(status.path("startedAt").asText()).toEpochMilli();
            long finishedAt = Instant.parse(status.path("finishedAt").asText()).toEpochMilli();
            double seconds = (finishedAt - startedAt) / 1000.0;
            long read = status.path("recordsRead").asLong();
            double perSecond = read / seconds;
            out.put("events", events);
            out.put("records_read", read);
            out.put("records_applied", status.path("recordsApplied").asLong());
            out.put("invalid_records", status.path("invalidRecords").asLong());
            out.put("failed_records", status.path("failedRecords").asLong());
            out.put("state", status.path("state").asText());
            out.put("seconds", round(seconds));
            out.put("events_per_s", round(perSecond));
            out.put("raw_events_per_s", round(raw));
            out.put("ratio_to_raw", round(perSecond / raw));
            out.put("entitlements_after", status.path("entitlementsAfter").asLong());
            if (status.has("phaseMillis")) {
                out.put("phase_ms", Api.JSON.convertValue(status.path("phaseMillis"), Map.class));
            }
            out.put("cpu_s", cpu.between(startedAt, finishedAt));
            // the phases follow each other: the replay's window from the ones before it
            long preparing = status.path("phaseMillis").path("PREPARING").asLong();
            long replaying = status.path("phaseMillis").path("REPLAYING").asLong();
            out.put("cpu_s_replaying", cpu.between(startedAt + preparing, startedAt + preparing + replaying));
            fleet.stop(instance);
            Map<String, Long> rows = finalRows(db);
            out.put("final_rows", rows);
            double floor = pgFloor(db, rows, out, cpu);
            out.put("pg_floor_seconds", round(floor));
            out.put("ratio_to_pg_floor", round(seconds / floor));
            double rebuildCpu = ((Number) ((Map<?, ?>) out.get("cpu_s")).get("total")).doubleValue();
            double floorCpu = ((Number) ((Map<?, ?>) out.get("pg_floor_cpu_s")).get("postgresql")).doubleValue();
            out.put("cpu_ratio_to_pg_floor", round(rebuildCpu / floorCpu));
            Run.log("rebuild %s", out);
        } finally {
            if (cpu != null) {
                cpu.close();
            }
            fleet.stop(instance);
            KafkaBench.deleteQuietly(List.of(topic, dlq, catalogTopic), List.of(group));
            try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement s = pg.createStatement()) {
                s.execute("drop database if exists " + db + " with (force)");
            }
        }
        return out;
    }

    /** What the rebuilt tables hold: the row counts bench/pg-floor.sql loads (its variables). */
    private static Map<String, Long> finalRows(String db) throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "microdrama", "microdrama");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (select count(*) from entitlement),"
                     + " (select count(*) from entitlement where revoked_at is not null),"
                     + " (select count(*) from processed_event), (select count(*) from revocation)")) {
            rs.next();
            rows.put("entitlements", rs.getLong(1));
            rows.put("revoked", rs.getLong(2));
            rows.put("events", rs.getLong(3));
            rows.put("revocations", rs.getLong(4));
        }
        return rows;
    }

    /**
     * bench/pg-floor.sql with the rebuild's row counts, in the same scratch database right after the rebuild (the
     * service stopped): PostgreSQL alone writing the same final state. Returns its {@code pg_floor_seconds}; the
     * command, to repeat it by hand, goes into {@code out}.
     */
    private static double pgFloor(String db, Map<String, Long> rows, Map<String, Object> out, CpuTimeline cpu)
            throws Exception {
        Path root = root();
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-h", "127.0.0.1", "-U", "microdrama", "-d", db,
                "-f", root.resolve("bench/pg-floor.sql").toString()));
        rows.forEach((name, count) -> cmd.addAll(List.of("-v", name + "=" + count)));
        out.put("pg_floor_command", "PGPASSWORD=microdrama psql -h 127.0.0.1 -U microdrama -d <database> -f bench/pg-floor.sql "
                + String.join(" ", cmd.subList(cmd.indexOf("-f") + 2, cmd.size())));
        Path dir = Files.createTempDirectory("pg-floor");
        Path log = root.resolve(".local/bench/logs/pg-floor.log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("PGPASSWORD", "microdrama");
            Process p = pb.start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("bench/pg-floor.sql did not finish in 10 minutes; see " + log);
            }
            List<String> lines = Files.readAllLines(log);
            for (String line : lines) {
                if (line.startsWith("pg_floor_window ")) {
                    String[] window = line.split(" ");
                    Map<String, Object> floorCpu = cpu.between(Math.round(Double.parseDouble(window[1]) * 1000),
                            Math.round(Double.parseDouble(window[2]) * 1000));
                    out.put("pg_floor_cpu_s", Map.of("postgresql", floorCpu.get("postgresql")));
                }
            }
            for (String line : lines) {
                if (line.startsWith("pg_floor_seconds ")) {
                    double floor = Double.parseDouble(line.substring("pg_floor_seconds ".length()).trim());
                    Run.log("pg floor for %s: %.3f s", rows, floor);
                    return floor;
                }
            }
            throw new IllegalStateException("bench/pg-floor.sql printed no pg_floor_seconds (exit " + p.exitValue()
                    + "); see " + log);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static Path root() {
        return Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    }

    static double round(double v) {
        return Math.abs(v) < 10 ? Math.round(v * 10000) / 10000.0 : Math.round(v * 100) / 100.0;
    }
}
