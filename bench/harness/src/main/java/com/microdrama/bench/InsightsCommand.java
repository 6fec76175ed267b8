package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "insights", description = {
        "Only insights-service: a day of synthetic viewing and payment events on scratch topics, read once by a plain "
                + "consumer and once by a copy of insights-service (.local/bench/apps-insights, port 9186) under an "
                + "application id of its own; events/s of each and their ratio, and the counts checked through its API."})
final class InsightsCommand implements Callable<Integer> {
    static final int PORT = 9186;

    @Option(names = "--insights-events", paramLabel = "N", description = "Synthetic events (default: ${DEFAULT-VALUE})")
    long events = 1_000_000;

    @Override
    public Integer call() throws Exception {
        Run run = new Run("in-");
        run.describe("insights", Map.of("events", events, "port", PORT));
        int exit = 0;
        try (Fleet fleet = new Fleet(run.root, ".local/bench/apps-insights")) {
            run.results.put("insights", InsightsBench.run(fleet, run.root, PORT, events, run.runId));
        } catch (Exception e) {
            exit = 1;
            run.results.put("error", e.toString());
            e.printStackTrace();
        }
        JsonNode r = run.finish("insights-", false, false);
        System.out.println("insights: " + r.path("insights"));
        return exit;
    }
}
