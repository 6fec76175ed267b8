package com.microdrama.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "visible", description = {
        "Only purchase → unlock visible, with the bench's copies of the three services: the warm-up (not measured: JIT "
                + "and pools), then the measured round."})
final class VisibleCommand implements Callable<Integer> {

    @Option(names = "--unlocks", paramLabel = "N", description = "Measured unlocks (default: ${DEFAULT-VALUE})")
    int unlocks = UnlockVisible.UNLOCK_SAMPLES;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured unlocks before them (default: ${DEFAULT-VALUE})")
    int warmup = UnlockVisible.UNLOCK_WARMUP;

    @Override
    public Integer call() throws Exception {
        Run run = new Run("uv-");
        run.describe("visible", Map.of());
        int exit = 0;
        try (Fleet fleet = new Fleet(run.root)) {
            fleet.defineStandard();
            fleet.startAll(new LinkedHashMap<>());
            Shop shop = new Shop("bench-" + run.runId);
            shop.createSeries(100);
            try {
                Shop.User viewer = shop.newUser("bench", "coins-1000");
                run.results.put("warm_up", shop.warmUp(viewer, shop.paidEpisodes().get(0), 3));
                run.results.put("unlock_visible", UnlockVisible.measure(run.root, shop, warmup, unlocks, run.runId));
                run.results.put("rss_mb_after_unlocks", Run.rssOf(fleet));
            } finally {
                shop.unpublishQuietly();
            }
        } catch (Exception e) {
            exit = 1;
            run.results.put("error", e.toString());
            e.printStackTrace();
        }
        Metrics.print(run.finish("visible-", false, false), "unlock_visible");
        return exit;
    }
}
