package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rebuild", description = {
        "Only the rebuild measurement, with its own copy of entitlement-service (.local/bench/apps-rebuild), port 9185 "
                + "and database entitlements_bench_rb, so it can run beside a full run; the synthetic purchases name a "
                + "synthetic series (the rebuild does not look at the catalog)."})
final class RebuildCommand implements Callable<Integer> {
    /** Never those of a full run (9181-9184, entitlements_bench). */
    private static final int PORT = 9185;
    private static final String DATABASE = "entitlements_bench_rb";

    @Option(names = "--rebuild-events", paramLabel = "N", description = "Synthetic events (default: ${DEFAULT-VALUE})")
    long events = 1_000_000;

    @Override
    public Integer call() throws Exception {
        Run run = new Run("rb-");
        run.describe("rebuild", Map.of("events", events, "port", PORT, "database", DATABASE));
        int exit = 0;
        try (Fleet fleet = new Fleet(run.root, ".local/bench/apps-rebuild")) {
            List<String> episodes = new ArrayList<>();
            for (int n = Shop.FREE_EPISODES + 1; n <= 100; n++) {
                episodes.add("bench-" + run.runId + "-ep-" + n);
            }
            run.results.put("rebuild", RebuildBench.run(fleet, "entitlement-rebuild-only", PORT, DATABASE, events,
                    run.runId, "bench-" + run.runId + "-series", episodes));
        } catch (Exception e) {
            exit = 1;
            run.results.put("error", e.toString());
            e.printStackTrace();
        }
        JsonNode r = run.finish("rebuild-", false, false);
        Metrics.print(r, "rebuild");
        System.out.println("phases (ms): " + r.path("rebuild").path("phase_ms"));
        System.out.println("pg floor: " + r.path("rebuild").path("pg_floor_command").asText("-"));
        return exit;
    }
}
