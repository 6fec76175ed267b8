package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What bench, faults and gets share: the bench's copies of the three services (9181-9183), a 100-episode series (60 in
 * a smoke run), a viewer who owns its first paid episode and the services' paths warmed up ({@link Shop#warmUp}); then
 * the command's own measurements, then the result file.
 */
abstract class ServicesRun implements Callable<Integer> {

    @Option(names = "--smoke", description = "Quick run: short wrk loads, few unlocks and rebuild events, no broker restart")
    boolean smoke;

    /** The command's name, in the results' run.mode and as the prefix of its result file ("" for bench). */
    abstract String mode();

    abstract void measure(Run run, Fleet fleet, Shop shop, Shop.User viewer, String owned) throws Exception;

    /** Whether a (non-smoke) run replaces bench/results/latest.json and bench/RESULTS.md. */
    boolean publishes() {
        return false;
    }

    abstract void print(JsonNode results);

    /**
     * Whether each service is first started alone ({@code start_ms.<service>.alone}): only a full bench run, whose
     * results carry the start targets; the others (smoke, faults, gets, soak) start the three at once, three starts
     * sooner (a minute of mvn verify).
     */
    boolean measuresStartsAlone() {
        return "bench".equals(mode()) && !smoke;
    }

    /** The services this command starts: the standard three; the soak routes theirs through its delay relays. */
    void defineServices(Fleet fleet) throws Exception {
        fleet.defineStandard();
    }

    @Override
    public Integer call() throws Exception {
        Run run = new Run("");
        run.describe(mode(), Map.of("smoke", smoke));
        int exit = 0;
        try (Fleet fleet = new Fleet(run.root)) {
            defineServices(fleet);
            Map<String, Object> startMs = fleet.measureStarts(measuresStartsAlone());
            run.results.put("start_ms", startMs);
            Run.log("services up on %d/%d/%d: %s", Fleet.PAYMENT_PORT, Fleet.ENTITLEMENT_PORT, Fleet.CATALOG_PORT, startMs);
            Shop shop = new Shop("bench-" + run.runId);
            // a smoke run's series is shorter: 200 admin requests to a cold catalog took ~20 s of each mvn verify, and
            // 55 paid episodes still cover its users (the wallet race unlocks 50)
            int episodes = smoke ? 60 : 100;
            shop.createSeries(episodes);
            Run.log("series %s with %d episodes created", shop.seriesId, episodes);
            Shop.User viewer = shop.newUser("bench", "coins-1000");
            String owned = shop.paidEpisodes().get(0);
            run.results.put("warm_up", shop.warmUp(viewer, owned, smoke ? 3 : 20));
            measure(run, fleet, shop, viewer, owned);
        } catch (Exception e) {
            exit = 1;
            run.results.put("error", e.toString());
            e.printStackTrace();
        }
        print(run.finish("bench".equals(mode()) ? "" : mode() + "-", smoke, publishes()));
        return exit;
    }
}
