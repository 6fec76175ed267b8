package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.param.WebhookEndpointUpdateParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Mixed traffic from many viewers while a seeded schedule breaks the services, the broker, PostgreSQL and Keycloak
 * and delays the network ({@link SoakSchedule}, {@link SoakFaults}); at the end every acknowledged purchase, unlock,
 * subscription and refund is checked against the databases, the ledger is reconciled, 5xx answers are judged inside
 * and outside the fault windows, and the services' RSS over the last five minutes is judged for growth.
 */
@Command(name = "soak", description = {
        "Mixed traffic under a seeded random fault schedule (bench/soak.sh); prints the schedule and its seed.",
        "Kills and restarts the shared Kafka broker, PostgreSQL and Keycloak: hold the platform to yourself."})
final class SoakCommand extends ServicesRun {

    @Option(names = "--minutes", description = "Traffic time (default 10; with --smoke 2)")
    Double minutes;

    @Option(names = "--seed", description = "The fault schedule's seed (default: random, printed)")
    Long seed;

    @Option(names = "--viewers", description = "Keycloak viewers made up front (default 300; with --smoke 60)")
    Integer viewers;

    @Option(names = "--workers", description = "Concurrent clients (default 6)")
    int workers = 6;

    /** Per client between two actions: ~100 actions/s from six clients, a load the two cores carry beside the faults. */
    static final int THINK_MS = 50;
    static final long RSS_SAMPLE_MS = 10_000;
    /** Growth of a process's RSS over the last five minutes that still counts as flat (see bench/README.md). */
    static final int RSS_GROWTH_LIMIT_MB = 20;
    static final String DELAY_METHOD = "userspace TCP relay on 127.0.0.1 (no netem on this kernel): the service copies"
            + " reach PostgreSQL, and catalog/payment reach entitlement-service, through relays that hold each chunk"
            + " for the delay; Kafka is not relayed (clients follow the broker's advertised address)";

    private final List<DelayProxy> relays = new ArrayList<>();

    @Override
    String mode() {
        return "soak";
    }

    @Override
    void defineServices(Fleet fleet) throws Exception {
        DelayProxy pg = new DelayProxy("postgresql", 5432);
        DelayProxy ent = new DelayProxy("entitlement-service", Fleet.ENTITLEMENT_PORT);
        relays.add(pg);
        relays.add(ent);
        // system properties win over the environment in Quarkus's configuration: the copies use the relays
        String db = "-DDB_PORT=" + pg.port();
        String entUrl = "-DENTITLEMENT_URL=" + Fleet.url(ent.port());
        fleet.define("payment-service", Fleet.PAYMENT_PORT, List.of(db, entUrl));
        fleet.define("entitlement-service", Fleet.ENTITLEMENT_PORT, List.of(db));
        fleet.define("catalog-service", Fleet.CATALOG_PORT, List.of(db, entUrl));
    }

    /**
     * The soak at the end of a full bench run (after the fault scenarios), 10 minutes with the defaults: the bench's
     * copies are started again through the delay relays and warmed up by a new viewer before the traffic.
     */
    static void runInBench(Run run, Fleet fleet, Shop shop) throws Exception {
        SoakCommand soak = new SoakCommand();
        for (String s : Fleet.SERVICES) {
            fleet.stop(s);
        }
        soak.defineServices(fleet);
        // only the three: the rebuild's scratch instance is defined in the same fleet, and its database is gone
        fleet.startAll(Fleet.SERVICES, new LinkedHashMap<>());
        // the fault scenarios hid the run's series again when they ended
        Api.expect(Api.post(shop.catalog + "/api/catalog/admin/series/" + shop.seriesId + "/publish", Shop.adminToken(), null),
                200, "publish " + shop.seriesId + " again");
        Shop.User warm = shop.newUser("soak-warm", "coins-1000");
        shop.warmUp(warm, shop.paidEpisodes().get(0), 3);
        soak.measure(run, fleet, shop, warm, shop.paidEpisodes().get(0));
    }

    @Override
    void measure(Run run, Fleet fleet, Shop shop, Shop.User viewer, String owned) throws Exception {
        try {
            soak(run, fleet, shop);
        } finally {
            relays.forEach(DelayProxy::close);
            shop.unpublishQuietly();
        }
    }

    private void soak(Run run, Fleet fleet, Shop shop) throws Exception {
        double m = minutes != null ? minutes : smoke ? 2 : 10;
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong() & 0xffffffffL;
        int n = viewers != null ? viewers : smoke ? 60 : 300;
        Map<String, Object> out = new LinkedHashMap<>();
        run.results.put("soak", out);
        out.put("seed", s);
        out.put("minutes", m);
        out.put("viewers", n);
        out.put("workers", workers);
        out.put("delay_method", DELAY_METHOD);
        out.put("fault_window_grace_ms", SoakFaults.GRACE_MS);
        List<SoakSchedule.Fault> schedule = SoakSchedule.generate(s, m);
        out.put("schedule", schedule.stream().map(SoakSchedule.Fault::toJson).toList());
        System.out.printf("%n[soak] seed %d, %.1f minutes, %d faults (replay: bash bench/harness.sh soak --minutes %s --seed %d)%n",
                s, m, schedule.size(), m, s);
        schedule.forEach(f -> System.out.println("[soak]   " + f.describe()));

        // VIP comes with Stripe's subscription and invoice events: the copy's endpoint gets them for the soak
        StripeEmulator.Endpoint endpoint = fleet.webhookEndpoint(Fleet.PAYMENT_PORT);
        StripeEmulator.client().v1().webhookEndpoints().update(endpoint.id(), WebhookEndpointUpdateParams.builder()
                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.PAYMENT_INTENT__SUCCEEDED)
                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.PAYMENT_INTENT__PAYMENT_FAILED)
                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.CUSTOMER__SUBSCRIPTION__CREATED)
                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.CUSTOMER__SUBSCRIPTION__UPDATED)
                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.CUSTOMER__SUBSCRIPTION__DELETED)
                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.INVOICE__PAID)
                .build());

        long u0 = System.nanoTime();
        List<Shop.User> users = SoakTraffic.makeViewers(shop, n);
        out.put("viewers_made_ms", (System.nanoTime() - u0) / 1_000_000);
        Run.log("%d viewers made in %d ms", n, out.get("viewers_made_ms"));

        long t0 = System.nanoTime();
        SoakTraffic traffic = new SoakTraffic(shop, users, fleet.webhookSecret(Fleet.PAYMENT_PORT), run.runId, t0);
        SoakFaults faults = new SoakFaults(fleet, run.root, relays, traffic::nowMs);
        List<long[]> rss = new ArrayList<>(); // offset ms, service index, pid, MB
        Thread sampler = new Thread(() -> sampleRss(fleet, traffic, rss), "soak-rss");
        sampler.setDaemon(true);
        sampler.start();
        faults.start(schedule);
        long untilMs = (long) (m * 60_000);
        Exception platformError = null;
        try {
            traffic.run(workers, untilMs, THINK_MS, s);
        } finally {
            sampler.interrupt();
            faults.await(300_000);
            // whatever a fault left down (a failed restart) is brought back before judging; the judgement reads the
            // databases only, so it is still made (and the run fails afterwards) when this fails
            try {
                PlatformProcesses.up(run.root, SoakFaults.PLATFORM_LOG);
            } catch (Exception e) {
                platformError = e;
                out.put("platform_up_error", e.toString());
            }
        }
        long trafficMs = traffic.nowMs();
        Run.log("traffic stopped after %d ms; %d requests", trafficMs, traffic.requests.get());

        // Stripe retries a delivery that failed (a copy was down) after 5 s, 30 s, 2 min: the harness delivers each
        // acknowledged payment's event once more now, as that later retry would
        int redelivered = 0;
        for (SoakTraffic.Purchase p : new ArrayList<>(traffic.purchases)) {
            for (int a = 0; a < 5 && traffic.deliver(p).status() != 200; a++) {
                Thread.sleep(500);
            }
            redelivered++;
        }

        Reconciliation.Report report = Reconciliation.awaitConsistent(traffic.userIds(), 120_000);
        List<String> ledger = awaitLedger(traffic, 90_000);

        int in = 0;
        int outside = 0;
        List<String> outsideDetails = new ArrayList<>();
        int harness = 0;
        for (SoakTraffic.Failure f : new ArrayList<>(traffic.failures)) {
            if (f.status() < 0) {
                // the harness's own call failed (e.g. confirming at the Stripe emulator): not an answer of the services
                harness++;
                if (harness <= 5) {
                    Run.log("harness-side failure: %s", f);
                }
            } else if (faults.inWindow(f.startMs(), f.endMs())) {
                in++;
            } else {
                outside++;
                if (outsideDetails.size() < 10) {
                    outsideDetails.add("%s %d %s at %d-%d ms: %s".formatted(f.kind().key(), f.status(), f.problem(),
                            f.startMs(), f.endMs(), f.body()));
                }
            }
        }
        out.put("requests", traffic.requests.get());
        out.put("traffic_ms", trafficMs);
        out.put("errors_in_fault_windows", in);
        out.put("errors_outside_fault_windows", outside);
        out.put("first_errors_outside_fault_windows", outsideDetails);
        out.put("harness_errors", harness);
        out.put("mismatches", report.mismatches() + ledger.size());
        out.put("ledger_mismatches", ledger.size());
        out.put("first_ledger_mismatches", ledger.subList(0, Math.min(10, ledger.size())));
        out.put("reconciliation", report);
        out.put("acknowledged", traffic.ledger());
        out.put("answers", traffic.counts());
        out.put("final_redeliveries", redelivered);
        List<Map<String, Object>> windows = new ArrayList<>();
        synchronized (faults.windows) {
            faults.windows.stream().sorted(java.util.Comparator.comparingLong(SoakFaults.Window::startMs))
                    .forEach(w -> windows.add(w.toJson()));
        }
        out.put("fault_windows", windows);
        out.put("fault_window_share", Run.round(windowShare(faults, trafficMs)));
        Map<String, Long> faultCounts = new TreeMap<>();
        windows.forEach(w -> faultCounts.merge((String) w.get("kind"), 1L, Long::sum));
        out.put("faults", faultCounts);
        out.put("faults_failed", windows.stream().filter(w -> w.containsKey("error")).count());
        rssGrowth(rss, trafficMs, out);
        if (platformError != null) {
            throw platformError;
        }
    }

    /** The part of the traffic's time inside some fault window (with its grace): how much "outside" was tested. */
    private static double windowShare(SoakFaults faults, long trafficMs) {
        List<long[]> spans = new ArrayList<>();
        synchronized (faults.windows) {
            faults.windows.forEach(w -> spans.add(new long[]{w.startMs(), Math.min(trafficMs, w.endMs())}));
        }
        spans.sort(java.util.Comparator.comparingLong(x -> x[0]));
        long covered = 0;
        long reached = 0;
        for (long[] x : spans) {
            long from = Math.max(x[0], reached);
            if (x[1] > from) {
                covered += x[1] - from;
                reached = x[1];
            }
        }
        return trafficMs == 0 ? 0 : (double) covered / trafficMs;
    }

    private static void sampleRss(Fleet fleet, SoakTraffic traffic, List<long[]> rss) {
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < Fleet.SERVICES.size(); i++) {
                try {
                    String svc = Fleet.SERVICES.get(i);
                    long pid = fleet.pid(svc);
                    long mb = fleet.rssMb(svc);
                    synchronized (rss) {
                        rss.add(new long[]{traffic.nowMs(), i, pid, mb});
                    }
                } catch (Exception | Error e) {
                    // the copy is being restarted: no sample this round
                }
            }
            try {
                Thread.sleep(RSS_SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * "Flat over the last five minutes", per service: the process that answered at the end must have lived through
     * the whole window (the schedule kills services only before it); its growth is the mean of its samples in the
     * window's last minute minus the mean in the window's first minute. A run shorter than 6 minutes has no such
     * window: the key is then absent.
     */
    private static void rssGrowth(List<long[]> rss, long endMs, Map<String, Object> out) {
        long from = endMs - SoakSchedule.RSS_WINDOW_MS;
        Map<String, Object> growth = new LinkedHashMap<>();
        Map<String, Object> last = new LinkedHashMap<>();
        List<long[]> samples;
        synchronized (rss) {
            samples = new ArrayList<>(rss);
        }
        for (int i = 0; i < Fleet.SERVICES.size(); i++) {
            int svc = i;
            List<long[]> mine = samples.stream().filter(x -> x[1] == svc).toList();
            if (mine.isEmpty()) {
                continue;
            }
            last.put(Fleet.SERVICES.get(i), mine.get(mine.size() - 1)[3]);
            if (from < 60_000) {
                continue;
            }
            long pid = mine.get(mine.size() - 1)[2];
            List<long[]> window = mine.stream().filter(x -> x[0] >= from).toList();
            if (window.stream().anyMatch(x -> x[2] != pid) || mine.stream().noneMatch(x -> x[0] < from && x[2] == pid)) {
                growth.put(Fleet.SERVICES.get(i), "restarted in the window");
                continue;
            }
            double first = window.stream().filter(x -> x[0] < from + 60_000).mapToLong(x -> x[3]).average().orElse(0);
            double lastMin = window.stream().filter(x -> x[0] >= endMs - 60_000).mapToLong(x -> x[3]).average().orElse(0);
            growth.put(Fleet.SERVICES.get(i), Run.round(lastMin - first));
        }
        out.put("rss_mb_end", last);
        if (!growth.isEmpty()) {
            out.put("rss_growth_mb_last_5_min", growth);
        }
        out.put("rss_samples", samples.size());
    }

    /**
     * Every acknowledged fact exactly once in the databases (polls: Stripe's events and the consumers catch up):
     * a purchase COMPLETED with one PURCHASE ledger entry of its coins; an unlock ACTIVE with one entitlement granted
     * for it, or REFUNDED with that entitlement revoked when its refund was acknowledged; a subscription ACTIVE with
     * one VIP entitlement; every soak viewer's wallet equal to the sum of its ledger.
     */
    private static List<String> awaitLedger(SoakTraffic traffic, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        List<String> found = checkLedger(traffic);
        while (!found.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1_000);
            found = checkLedger(traffic);
        }
        return found;
    }

    private static List<String> checkLedger(SoakTraffic traffic) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection p = Reconciliation.connect("payments"); Connection e = Reconciliation.connect("entitlements")) {
            List<SoakTraffic.Purchase> purchases = new ArrayList<>(traffic.purchases);
            try (PreparedStatement s = p.prepareStatement("""
                    select cast(pp.id as text), pp.status, pp.coins + pp.bonus_coins,
                           (select count(*) from ledger_entry l where l.reference = 'pack-purchase:' || pp.id and l.type = 'PURCHASE'),
                           (select coalesce(sum(l.coins), 0) from ledger_entry l where l.reference = 'pack-purchase:' || pp.id and l.type = 'PURCHASE')
                    from pack_purchase pp where pp.id = any(cast(? as uuid[]))""")) {
                s.setArray(1, p.createArrayOf("text", purchases.stream().map(x -> x.checkout().purchaseId()).toArray()));
                Map<String, Boolean> seen = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        seen.put(rs.getString(1), true);
                        if (!"COMPLETED".equals(rs.getString(2)) || rs.getLong(4) != 1 || rs.getLong(5) != rs.getLong(3)) {
                            out.add("purchase %s: %s, %d PURCHASE entries, %d of %d coins".formatted(rs.getString(1),
                                    rs.getString(2), rs.getLong(4), rs.getLong(5), rs.getLong(3)));
                        }
                    }
                }
                purchases.stream().filter(x -> !seen.containsKey(x.checkout().purchaseId()))
                        .forEach(x -> out.add("purchase " + x.checkout().purchaseId() + " acknowledged but not stored"));
            }
            List<SoakTraffic.Unlock> unlocks = new ArrayList<>(traffic.unlocks);
            Map<String, String> status = new HashMap<>();
            try (PreparedStatement s = p.prepareStatement(
                    "select cast(id as text), status from content_unlock where id = any(cast(? as uuid[]))")) {
                s.setArray(1, p.createArrayOf("text", unlocks.stream().map(u -> u.unlockId).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        status.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            Map<String, int[]> grants = new HashMap<>(); // source -> {rows, revoked}
            try (PreparedStatement s = e.prepareStatement(
                    "select source, revoked_at is not null from entitlement where source = any(?)")) {
                List<String> sources = new ArrayList<>(unlocks.stream().map(u -> u.unlockId).toList());
                traffic.subscriptions.forEach(x -> sources.add(x.subscriptionId()));
                s.setArray(1, e.createArrayOf("text", sources.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int[] g = grants.computeIfAbsent(rs.getString(1), k -> new int[2]);
                        g[0]++;
                        g[1] += rs.getBoolean(2) ? 1 : 0;
                    }
                }
            }
            for (SoakTraffic.Unlock u : unlocks) {
                String want = u.refunded ? "REFUNDED" : "ACTIVE";
                int[] g = grants.getOrDefault(u.unlockId, new int[2]);
                if (!want.equals(status.get(u.unlockId)) || g[0] != 1 || (g[1] == 1) != u.refunded) {
                    out.add("unlock %s (%s): %s in payments, %d entitlements, %d revoked".formatted(u.unlockId, want,
                            status.get(u.unlockId), g[0], g[1]));
                }
            }
            List<SoakTraffic.Subscription> subs = new ArrayList<>(traffic.subscriptions);
            Map<String, String> subStatus = new HashMap<>();
            try (PreparedStatement s = p.prepareStatement(
                    "select cast(id as text), status from subscription where id = any(cast(? as uuid[]))")) {
                s.setArray(1, p.createArrayOf("text", subs.stream().map(SoakTraffic.Subscription::subscriptionId).toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        subStatus.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            for (SoakTraffic.Subscription x : subs) {
                int[] g = grants.getOrDefault(x.subscriptionId(), new int[2]);
                if (!"ACTIVE".equals(subStatus.get(x.subscriptionId())) || g[0] != 1 || g[1] != 0) {
                    out.add("subscription %s: %s, %d VIP entitlements, %d revoked".formatted(x.subscriptionId(),
                            subStatus.get(x.subscriptionId()), g[0], g[1]));
                }
            }
            try (PreparedStatement s = p.prepareStatement("""
                    select w.user_id, w.paid_coins + w.bonus_coins,
                           (select coalesce(sum(l.coins), 0) from ledger_entry l where l.user_id = w.user_id)
                    from wallet w where w.user_id = any(?)""")) {
                Array ids = p.createArrayOf("text", traffic.userIds().toArray());
                s.setArray(1, ids);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(2) != rs.getLong(3)) {
                            out.add("wallet of %s: %d coins, its ledger sums to %d".formatted(rs.getString(1),
                                    rs.getLong(2), rs.getLong(3)));
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    void print(JsonNode results) {
        JsonNode s = results.path("soak");
        System.out.println();
        System.out.println("[soak] seed " + s.path("seed").asText() + ", " + s.path("requests").asText() + " requests, faults "
                + s.path("faults") + " (" + s.path("faults_failed").asText() + " failed)");
        System.out.println("[soak] errors in fault windows (" + s.path("fault_window_share").asText() + " of the time) "
                + s.path("errors_in_fault_windows").asText()
                + ", outside " + s.path("errors_outside_fault_windows").asText() + " " + s.path("first_errors_outside_fault_windows"));
        System.out.println("[soak] acknowledged " + s.path("acknowledged") + "; mismatches " + s.path("mismatches").asText()
                + " " + s.path("first_ledger_mismatches") + " " + s.path("reconciliation").path("firstMismatches"));
        System.out.println("[soak] answers " + s.path("answers"));
        System.out.println("[soak] RSS growth over the last 5 min " + s.path("rss_growth_mb_last_5_min") + ", at the end "
                + s.path("rss_mb_end"));
        Metrics.print(results, "soak.");
    }
}
