package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "faults", description = {
        "The fault scenarios only (bench/faults.sh); each ends with a reconciliation of its users.",
        "--smoke skips the Kafka broker restart and makes the storms smaller."})
final class FaultsCommand extends ServicesRun {

    @Override
    String mode() {
        return "faults";
    }

    @Override
    void measure(Run run, Fleet fleet, Shop shop, Shop.User viewer, String owned) throws Exception {
        runFaults(fleet, shop, smoke, run);
    }

    @Override
    void print(JsonNode results) {
        // the scenario table was printed when the scenarios ended
    }

    /** Every scenario, then the shop's series unpublished; the outcomes go into the run's {@code faults} key. */
    static void runFaults(Fleet fleet, Shop shop, boolean smoke, Run run) throws Exception {
        Faults faults = new Faults(fleet, shop, smoke, run.root);
        try {
            faults.runAll();
        } finally {
            shop.unpublishQuietly();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("mismatches", faults.totalMismatches());
            Map<String, Object> scenarios = new LinkedHashMap<>();
            faults.outcomes.forEach(o -> scenarios.put(o.name, o.toJson()));
            f.put("scenarios", scenarios);
            run.results.put("faults", f);
            print(faults);
        }
    }

    private static void print(Faults faults) {
        String fmt = "%-40s %5s %5s %6s %9s %9s %10s  %s%n";
        System.out.println();
        System.out.printf(fmt, "scenario", "sent", "ok", "failed", "produced", "consumed", "mismatches", "failures / note");
        for (Faults.Outcome o : faults.outcomes) {
            System.out.printf(fmt, o.name, o.sent, o.succeeded, o.failedTotal(), o.eventsProduced, o.eventsConsumed,
                    o.mismatches, o.failed + " " + o.note);
        }
        System.out.println("total mismatches: " + faults.totalMismatches());
    }
}
