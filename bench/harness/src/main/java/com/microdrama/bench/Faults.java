package com.microdrama.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Fault scenarios; each ends with {@link Reconciliation} over the scenario's own users. */
final class Faults {

    static final class Outcome {
        final String name;
        int sent;
        int succeeded;
        final Map<String, Integer> failed = new TreeMap<>();
        int eventsProduced;
        int eventsConsumed;
        int mismatches;
        String note = "";
        Reconciliation.Report report;

        Outcome(String name) {
            this.name = name;
        }

        synchronized void record(Api.Resp r, int okStatus) {
            sent++;
            if (r.status() == okStatus) {
                succeeded++;
            } else {
                failed.merge(r.status() + " " + r.problem(), 1, Integer::sum);
            }
        }

        int failedTotal() {
            return failed.values().stream().mapToInt(Integer::intValue).sum();
        }

        void reconciled(Reconciliation.Report r) {
            report = r;
            eventsProduced = r.outboxEvents();
            eventsConsumed = r.processedEvents();
            mismatches += r.mismatches();
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sent", sent);
            m.put("succeeded", succeeded);
            m.put("failed", failedTotal());
            m.put("failures", failed);
            m.put("events_produced", eventsProduced);
            m.put("events_consumed", eventsConsumed);
            m.put("mismatches", mismatches);
            m.put("note", note);
            if (report != null) {
                m.put("reconciliation", report);
            }
            return m;
        }
    }

    private final Fleet fleet;
    private final Shop shop;
    private final boolean smoke;
    private final Path root;
    final List<Outcome> outcomes = new ArrayList<>();
    private final List<String> allUsers = Collections.synchronizedList(new ArrayList<>());

    Faults(Fleet fleet, Shop shop, boolean smoke, Path root) {
        this.fleet = fleet;
        this.shop = shop;
        this.smoke = smoke;
        this.root = root;
    }

    void runAll() throws Exception {
        // -Dbench.only=<scenario> runs that one scenario (while working on it); the others are not run at all
        String only = System.getProperty("bench.only");
        if (only != null) {
            Map<String, Step> steps = new LinkedHashMap<>();
            steps.put("wallet-race-50-unlocks-10-affordable", this::walletRace);
            steps.put("kill9-entitlement-service", () -> killService("kill9-entitlement-service", "entitlement-service"));
            steps.put("kill9-payment-service", () -> killService("kill9-payment-service", "payment-service"));
            steps.put("duplicate-and-reordered-deliveries", this::duplicatesAndReorder);
            steps.put("kafka-broker-restart", this::kafkaRestart);
            steps.put("keycloak-down", this::keycloakDown);
            steps.put("postgresql-restart", this::postgresqlRestart);
            Step step = steps.get(only);
            if (step == null) {
                throw new IllegalArgumentException("bench.only: no scenario " + only + "; one of " + steps.keySet());
            }
            timed(step);
            return;
        }
        timed(this::walletRace);
        if (!smoke) {
            timed(() -> killService("kill9-entitlement-service", "entitlement-service"));
            timed(() -> killService("kill9-payment-service", "payment-service"));
        } else {
            // a killed consumer keeps its partitions until the group's session timeout (45 s) expires: too slow
            // for the smoke budget
            for (String name : List.of("kill9-entitlement-service", "kill9-payment-service")) {
                Outcome o = new Outcome(name);
                o.note = "not run in smoke mode (time budget; full mode only)";
                outcomes.add(o);
            }
        }
        timed(this::duplicatesAndReorder);
        if (!smoke && !Boolean.getBoolean("bench.skip-kafka-restart")) {
            kafkaRestart();
        } else {
            Outcome o = new Outcome("kafka-broker-restart");
            o.note = "not run (" + (smoke ? "smoke mode" : "bench.skip-kafka-restart") + "): the broker is shared";
            outcomes.add(o);
        }
        if (!smoke && !Boolean.getBoolean("bench.skip-keycloak-down")) {
            timed(this::keycloakDown);
        } else {
            Outcome kc = new Outcome("keycloak-down");
            kc.note = "not run (" + (smoke ? "smoke mode" : "bench.skip-keycloak-down") + "): stops the shared Keycloak";
            outcomes.add(kc);
        }
        if (!smoke && !Boolean.getBoolean("bench.skip-postgresql-restart")) {
            timed(this::postgresqlRestart);
        } else {
            Outcome pg = new Outcome("postgresql-restart");
            pg.note = "not run (" + (smoke ? "smoke mode" : "bench.skip-postgresql-restart")
                    + "): restarts the machine's PostgreSQL server, which every database here shares";
            outcomes.add(pg);
        }
    }

    /**
     * Restarts the PostgreSQL server (pg_ctlcluster, fast shutdown: open connections are cut) during a storm. Requests
     * in the outage must fail with a clear answer (5xx problem or a refused connection), never half-apply; pools
     * reconnect by themselves afterwards.
     */
    private void postgresqlRestart() throws Exception {
        Outcome o = new Outcome("postgresql-restart");
        int users = 4;
        int perUser = 40;
        Storm storm = new Storm(o, "pg", users, perUser);
        storm.awaitSent(users * perUser / 4);
        long t0 = System.nanoTime();
        PlatformProcesses.restartPostgresql(root, "postgresql-restart.log");
        long outageMs = (System.nanoTime() - t0) / 1_000_000;
        storm.finish(300);
        o.note = "PostgreSQL restarted (fast shutdown) after %d requests, %d ms".formatted(users * perUser / 4, outageMs);
        o.reconciled(Reconciliation.awaitConsistent(storm.userIds(), 120_000));
        outcomes.add(o);
    }

    /**
     * Keycloak is down for a while: requests with tokens issued before keep working on the running services (they
     * verify tokens with the keys they hold, and their own service tokens are still valid); a new sign-in fails; a
     * payment-service restarted during the outage cannot verify tokens nor get a service token, so it must answer a
     * retryable 503 problem (never a 401, which would sign the viewer out, nor a 500); once Keycloak is back the same
     * instance recovers by itself (its OIDC tenant and service token are fetched on first use), without a restart.
     */
    private void keycloakDown() throws Exception {
        Outcome o = new Outcome("keycloak-down");
        Shop.User u = shop.newUser("kc", "coins-1000");
        allUsers.add(u.id());
        List<String> eps = shop.paidEpisodes();
        o.record(shop.unlock(u, eps.get(0)), 201);
        long t0 = System.nanoTime();
        PlatformProcesses.kill9(root, PlatformProcesses.KEYCLOAK_PID);
        List<String> wrong = new ArrayList<>();
        try {
            // 1. running services, tokens issued before the outage: every read and a new unlock still work
            for (int i = 0; i < 5; i++) {
                expectDuring(o, wrong, "playback", Api.post(shop.catalog + "/api/catalog/episodes/" + eps.get(0) + "/playback", u.token(), null), 200);
                expectDuring(o, wrong, "series page", Api.get(shop.catalog + "/api/catalog/series/" + shop.seriesId, u.token()), 200);
                expectDuring(o, wrong, "wallet", Api.get(shop.payment + "/api/payments/wallet", u.token()), 200);
                expectDuring(o, wrong, "check", Api.get(shop.entitlement + "/api/entitlements/check?episodeId=" + eps.get(0), u.token()), 200);
            }
            expectDuring(o, wrong, "unlock", shop.unlock(u, eps.get(1)), 201);
            // 2. a new sign-in fails (the app shows "sign-in unavailable"; here: the token endpoint cannot be reached)
            try {
                Shop.adminToken();
                wrong.add("a sign-in succeeded while Keycloak was down");
            } catch (RuntimeException expected) {
                o.failed.merge("sign-in " + expected.getClass().getSimpleName(), 1, Integer::sum);
                o.sent++;
            }
            // 3. a payment-service restarted during the outage: no signing keys, no service token yet
            fleet.kill9("payment-service");
            long restartMs = fleet.start("payment-service");
            Api.Resp wallet = Api.get(shop.payment + "/api/payments/wallet", u.token());
            Api.Resp unlock = shop.unlock(u, eps.get(2));
            for (Api.Resp r : List.of(wallet, unlock)) {
                o.record(r, 503);
                if (r.status() != 503) {
                    wrong.add("restarted payment-service answered " + r.status() + " " + r.problem() + " (want 503)");
                }
            }
            o.note = "restarted payment-service ready in %d ms while Keycloak was down; ".formatted(restartMs);
        } finally {
            PlatformProcesses.up(root, "platform-up.log");
        }
        long outageMs = (System.nanoTime() - t0) / 1_000_000;
        // 4. back: the restarted instance verifies tokens and gets its service token without being restarted. Its
        // first calls may still meet a cold Keycloak (the unlock's entitlement call has a 800 ms budget, token
        // included) and answer a retryable 503: retried like a client would, for up to 30 s
        long back = System.nanoTime();
        Api.Resp after = retryWhile503(() -> Api.get(shop.payment + "/api/payments/wallet", u.token()), 30_000);
        expectDuring(o, wrong, "wallet after", after, 200);
        Api.Resp unlocked = retryWhile503(() -> shop.unlock(u, eps.get(2)), 30_000);
        expectDuring(o, wrong, "unlock after", unlocked, 201);
        long recoveredMs = (System.nanoTime() - back) / 1_000_000;
        o.mismatches += wrong.size();
        o.note += "outage %d ms; the restarted instance served again %d ms after Keycloak was back; %s".formatted(
                outageMs, recoveredMs, wrong.isEmpty() ? "all as expected" : String.join("; ", wrong));
        o.reconciled(Reconciliation.awaitConsistent(List.of(u.id()), 60_000));
        outcomes.add(o);
    }

    private static Api.Resp retryWhile503(java.util.function.Supplier<Api.Resp> call, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Api.Resp r = call.get();
        while (r.status() == 503 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            r = call.get();
        }
        return r;
    }

    private static void expectDuring(Outcome o, List<String> wrong, String what, Api.Resp r, int status) {
        o.record(r, status);
        if (r.status() != status) {
            wrong.add(what + " answered " + r.status() + " " + r.problem() + " (want " + status + ")");
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void timed(Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        Outcome o = outcomes.get(outcomes.size() - 1);
        Run.log("fault scenario %s: %d sent, %d ok, %d failed %s, %d mismatches (%d ms)", o.name, o.sent, o.succeeded,
                o.failedTotal(), o.failed, o.mismatches, (System.nanoTime() - t0) / 1_000_000);
    }

    int totalMismatches() {
        return outcomes.stream().mapToInt(o -> o.mismatches).sum();
    }

    /** 50 parallel unlocks of 50 different episodes by one user whose wallet affords exactly 10. */
    private void walletRace() throws Exception {
        Outcome o = new Outcome("wallet-race-50-unlocks-10-affordable");
        Shop.User u = shop.newUser("race", "coins-100"); // 100 coins, 10 per episode
        allUsers.add(u.id());
        List<String> eps = shop.paidEpisodes().subList(0, 50);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        for (String ep : eps) {
            fs.add(pool.submit(() -> {
                go.await();
                o.record(shop.unlock(u, ep), 201);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        int balance = Api.expect(Api.get(shop.payment + "/api/payments/wallet", u.token()), 200, "wallet").json()
                .path("balance").asInt(-1);
        o.note = "expected exactly 10 successes and balance 0; got " + o.succeeded + " and balance " + balance;
        o.mismatches += Math.abs(o.succeeded - 10) + (balance == 0 ? 0 : 1);
        o.reconciled(Reconciliation.awaitConsistent(List.of(u.id()), 30_000));
        outcomes.add(o);
    }

    /** A storm of unlocks by several users; kill -9 the service a third of the way in, restart it, keep going. */
    private void killService(String name, String service) throws Exception {
        Outcome o = new Outcome(name);
        int users = smoke ? 2 : 4;
        int perUser = smoke ? 10 : 40;
        Storm storm = new Storm(o, "storm", users, perUser);
        storm.awaitSent(users * perUser / 3);
        long t0 = System.nanoTime();
        fleet.kill9(service);
        Thread.sleep(500);
        long readyMs = fleet.start(service);
        storm.finish(180);
        o.note = "killed after %d requests; back up in %d ms (restart alone %d ms)".formatted(users * perUser / 3,
                (System.nanoTime() - t0) / 1_000_000, readyMs);
        o.reconciled(Reconciliation.awaitConsistent(storm.userIds(), 60_000));
        outcomes.add(o);
    }

    /**
     * Re-produces the scenario users' own payment-events (from the outbox: same CloudEvents ids) into payment-events,
     * newest first (a refund before its purchase) and twice: nothing may change.
     */
    private void duplicatesAndReorder() throws Exception {
        Outcome o = new Outcome("duplicate-and-reordered-deliveries");
        List<String> users = new ArrayList<>(allUsers);
        // a refund first, so the replay also delivers "purchase after its refund"
        String unlockId = null;
        try (Connection c = Reconciliation.connect("payments");
             PreparedStatement s = c.prepareStatement(
                     "select id::text from content_unlock where user_id = any(?) and status = 'ACTIVE' limit 1")) {
            s.setArray(1, c.createArrayOf("text", users.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    unlockId = rs.getString(1);
                }
            }
        }
        if (unlockId != null) {
            o.record(Api.post(shop.payment + "/api/payments/admin/refunds", Shop.adminToken(),
                    Map.of("unlockId", unlockId, "reason", "bench duplicate/reorder scenario")), 201);
        }
        Reconciliation.Report before = Reconciliation.awaitConsistent(users, 30_000);
        List<String[]> records = new ArrayList<>();
        try (Connection c = Reconciliation.connect("payments");
             PreparedStatement s = c.prepareStatement("""
                     select record_key, payload from outbox_event
                     where record_key = any(?) and topic = 'payment-events' and published_at is not null
                     order by seq desc""")) {
            s.setArray(1, c.createArrayOf("text", users.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    records.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
        }
        Map<TopicPartition, Long> last = new HashMap<>();
        try (KafkaProducer<String, String> producer = KafkaBench.producer(0)) {
            for (int round = 0; round < 2; round++) {
                for (String[] r : records) {
                    RecordMetadata md = producer.send(new ProducerRecord<>("payment-events", r[0], r[1])).get();
                    last.merge(new TopicPartition(md.topic(), md.partition()), md.offset() + 1, Math::max);
                }
            }
        }
        awaitGroupPast("entitlement-service", last, 60_000);
        Reconciliation.Report after = Reconciliation.awaitConsistent(users, 30_000);
        o.reconciled(after);
        o.eventsProduced = records.size() * 2;
        o.eventsConsumed = after.processedEvents() - before.processedEvents();
        int changed = (after.activeEntitlements() != before.activeEntitlements() ? 1 : 0)
                + Math.abs(after.processedEvents() - before.processedEvents());
        o.mismatches += changed;
        o.note = "replayed %d outbox events twice, newest first (incl. a refund before its purchase); active entitlements %d -> %d, processed %d -> %d"
                .formatted(records.size(), before.activeEntitlements(), after.activeEntitlements(),
                        before.processedEvents(), after.processedEvents());
        outcomes.add(o);
    }

    /** Waits until the live consumer group has committed past the given offsets (the replay was consumed). */
    private static void awaitGroupPast(String group, Map<TopicPartition, Long> offsets, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        try (Admin admin = KafkaBench.admin()) {
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                boolean past = offsets.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
                if (past) {
                    return;
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("group " + group + " did not consume the replayed records within " + timeoutMs + " ms");
    }

    /** kill -9 the shared broker during a storm, restart it with deploy/local/platform.sh up within seconds. */
    private void kafkaRestart() throws Exception {
        Outcome o = new Outcome("kafka-broker-restart");
        int users = 4;
        int perUser = 40;
        Storm storm = new Storm(o, "kafka", users, perUser);
        storm.awaitSent(users * perUser / 4);
        long t0 = System.nanoTime();
        PlatformProcesses.kill9(root, PlatformProcesses.KAFKA_PID);
        PlatformProcesses.up(root, "platform-up.log");
        long outageMs = (System.nanoTime() - t0) / 1_000_000;
        storm.finish(300);
        o.note = "broker kill -9 after %d requests, outage %d ms".formatted(users * perUser / 4, outageMs);
        o.reconciled(Reconciliation.awaitConsistent(storm.userIds(), 120_000));
        outcomes.add(o);
    }

    /** Unlocks by several new users in parallel, each through its own paid episodes, recorded in one outcome. */
    private final class Storm {
        private final List<Shop.User> users = new ArrayList<>();
        private final AtomicInteger sent = new AtomicInteger();
        private final ExecutorService pool;
        private final List<Future<?>> clients = new ArrayList<>();

        Storm(Outcome outcome, String userPrefix, int userCount, int unlocksPerUser) {
            for (int i = 0; i < userCount; i++) {
                Shop.User u = shop.newUser(userPrefix, "coins-1000");
                users.add(u);
                allUsers.add(u.id());
            }
            pool = Executors.newFixedThreadPool(userCount);
            for (Shop.User u : users) {
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < unlocksPerUser; i++) {
                        Api.Resp r = shop.unlock(u, shop.paidEpisodes().get(i));
                        outcome.record(r, 201);
                        sent.incrementAndGet();
                        // a client backs off while the service is unreachable or failing instead of burning its whole quota
                        Thread.sleep(r.status() == 0 || r.status() >= 500 ? 300 : 20);
                    }
                    return null;
                }));
            }
        }

        void awaitSent(int requests) throws InterruptedException {
            while (sent.get() < requests) {
                Thread.sleep(10);
            }
        }

        void finish(int timeoutSeconds) throws Exception {
            for (Future<?> client : clients) {
                client.get(timeoutSeconds, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }

        List<String> userIds() {
            return users.stream().map(Shop.User::id).toList();
        }
    }
}
