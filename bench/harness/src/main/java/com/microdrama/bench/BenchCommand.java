package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "bench", description = {
        "Every benchmark (GET loads, unlock visible, Stripe checkout and webhook burst, rebuild, RSS, start time), then every"
                + " fault scenario (bench/run.sh).",
        "A full run replaces bench/results/latest.json and bench/RESULTS.md."})
final class BenchCommand extends ServicesRun {

    @Option(names = "--rebuild-events", paramLabel = "N",
            description = "Synthetic events for the rebuild (default 1,000,000; smoke 1,000)")
    Long rebuildEvents;

    @Override
    String mode() {
        return "bench";
    }

    @Override
    boolean publishes() {
        return true;
    }

    @Override
    void measure(Run run, Fleet fleet, Shop shop, Shop.User viewer, String owned) throws Exception {
        Map<String, Object> results = run.results;
        MemoryMoments memory = new MemoryMoments(fleet);
        memory.take("idle");
        GetLoads.measure(run.root, shop, viewer, owned, smoke, results);
        memory.take("after_load");

        // (c) unlock POST answered → entitlement check says allowed, next to a raw Kafka round trip; like every
        // endpoint above, measured after a warm-up (a few hundred unlocks leave the consumer path in interpreted code)
        results.put("unlock_visible", UnlockVisible.measure(run.root, shop, smoke ? 0 : UnlockVisible.UNLOCK_WARMUP,
                smoke ? 20 : UnlockVisible.UNLOCK_SAMPLES, run.runId));
        // the unlocks load payment-service's and entitlement-service's write paths, which the GET loads above do not
        memory.take("after_unlocks");

        // (d) web payments through Stripe (the platform's emulator): confirmed → coins in the wallet, then a burst of
        // signed events, each delivered twice, checked for exactly once
        boolean reregistered = fleet.ensureWebhook("payment-service");
        results.put("checkout_visible", StripeBench.checkoutVisible(shop, run.root,
                smoke ? 2 : StripeBench.CHECKOUT_WARMUP, smoke ? 10 : StripeBench.CHECKOUT_SAMPLES));
        results.put("webhook_burst", StripeBench.webhookBurst(shop, fleet.webhookSecret(Fleet.PAYMENT_PORT),
                smoke ? 100 : StripeBench.BURST_EVENTS, smoke ? 5 : StripeBench.BURST_VIEWERS,
                smoke ? StripeBench.BURST_CONCURRENCY_SMOKE : StripeBench.BURST_CONCURRENCY, run.runId));
        if (reregistered) {
            results.put("stripe_webhook_reregistered", true);
        }
        memory.take("after_stripe");

        // (e) rebuild from synthetic events in scratch topics into a scratch database
        long events = rebuildEvents != null ? rebuildEvents : smoke ? 1_000 : 1_000_000;
        results.put("rebuild", RebuildBench.run(fleet, "entitlement-rebuild", 9184, "entitlements_bench",
                events, run.runId, shop.seriesId, shop.paidEpisodes()));

        // (f) memory
        memory.putInto(results);

        FaultsCommand.runFaults(fleet, shop, smoke, run);
        // (g) the soak under random faults, last (it restarts the copies through its delay relays); the smoke run
        // leaves it to SoakIT's two minutes
        if (!smoke) {
            SoakCommand.runInBench(run, fleet, shop);
        }
    }

    @Override
    void print(JsonNode results) {
        Metrics.print(results);
    }

    /**
     * Each service's memory at named moments of the run: VmRSS ({@code rss_mb_<moment>}, and its largest as
     * {@code rss_mb}) and the memory it owns, without the clean file-backed pages of jars and AOT cache
     * ({@code rss_own_mb}, the largest: what a memory limit must cover beyond the shareable cache, bench/README.md).
     */
    private static final class MemoryMoments {
        private final Fleet fleet;
        private final Map<String, Map<String, Long>> rss = new LinkedHashMap<>();
        private final List<Map<String, Long>> own = new ArrayList<>();

        MemoryMoments(Fleet fleet) {
            this.fleet = fleet;
        }

        void take(String moment) throws IOException {
            rss.put(moment, Run.rssOf(fleet));
            own.add(Run.ownMemoryOf(fleet));
        }

        void putInto(Map<String, Object> results) {
            results.put("rss_mb", largest(rss.values()));
            results.put("rss_own_mb", largest(own));
            rss.forEach((moment, mb) -> results.put("rss_mb_" + moment, mb));
        }

        private static Map<String, Long> largest(Collection<Map<String, Long>> moments) {
            Map<String, Long> max = new LinkedHashMap<>();
            for (String s : Fleet.SERVICES) {
                max.put(s, moments.stream().mapToLong(m -> m.get(s)).max().orElseThrow());
            }
            return max;
        }
    }
}
