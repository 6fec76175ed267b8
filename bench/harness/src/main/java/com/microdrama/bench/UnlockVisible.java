package com.microdrama.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Purchase → unlock visible, next to raw Kafka round trips on the same broker; shared by bench and visible. */
final class UnlockVisible {

    /**
     * After the unlock's answer, one check that waits for the grant ({@code waitMs}, what an app does after paying);
     * {@code -Dbench.check.wait.ms=0} polls instead, every {@code bench.check.interval.nanos} (how the numbers before
     * 2026-12-02 07:00 UTC were taken).
     */
    private static final int CHECK_WAIT_MS = Integer.getInteger("bench.check.wait.ms", 10_000);
    private static final long CHECK_INTERVAL_NANOS = Long.getLong("bench.check.interval.nanos", 2_000_000);
    private static final int RTT_PER_UNLOCK = 5;
    /** After a round's viewers bought their coins: their pack events reach entitlement-service before the timing. */
    private static final long VIEWERS_SETTLE_MILLIS = 2_000;
    /**
     * Unmeasured unlocks before the measured round, by {@link #WARMUP_VIEWERS_AT_ONCE} viewers at once. A method runs
     * interpreted or C1-compiled until it was called some 5,000-15,000 times (C2's thresholds); one after another,
     * 1,000 unlocks left the C2 compilers of the services and the harness busy with ~55 % of a core during the
     * measured round (per-thread CPU from /proc), on the two cores the unlock path itself needs.
     */
    static final int UNLOCK_WARMUP = 6000;
    private static final int WARMUP_VIEWERS_AT_ONCE = 8;
    /** When polling: eight viewers polling every 2 ms kept the CPU busy with checks (40 unlocks/s). */
    private static final long WARMUP_CHECK_INTERVAL_NANOS = 10_000_000;
    /** After the concurrent warm-up, the C2 compile queues of the services were empty within 8 s (jcmd Compiler.queue). */
    private static final long JIT_SETTLE_MILLIS = 10_000;
    /** One after another after the concurrent warm-up: the sequential loop and the raw round-trip client. */
    private static final int SEQUENTIAL_WARMUP = 200;
    /**
     * Measured unlocks: a p99 of 200 samples is their second-slowest one, and it moved by 2× between runs on this
     * machine; 1,000 samples (~50 s) make it the tenth-slowest.
     */
    static final int UNLOCK_SAMPLES = 1000;

    /**
     * Purchase → unlock visible: n unlocks one after another (a new viewer every 95, all signed up before the first),
     * each timed from the unlock's answer until the entitlement check says allowed, polled every 2 ms (a tighter loop
     * would take the CPU the services under test need on two cores). After each unlock, {@link #RTT_PER_UNLOCK} raw Kafka produce→consume
     * round trips on the same broker: both samples are taken under the same load, so the ratio compares like with like.
     */
    static Map<String, Object> measure(Path root, Shop shop, int warmup, int n, String runId) throws Exception {
        String rttTopic = "bench-rtt-" + runId;
        // one producer, consumer and topic for both rounds: a fresh client in the measured round was JIT-compiled
        // (and its connections set up) while the round ran
        try (KafkaBench.RoundTrip roundTrip = new KafkaBench.RoundTrip(rttTopic);
             CommitProbe commit = new CommitProbe(runId)) {
            if (warmup > 0) {
                warmUp(shop, warmup, roundTrip);
                Thread.sleep(JIT_SETTLE_MILLIS);
                Run.log("unlock visible sequential warm-up: %s",
                        unlockRound(shop, Math.min(warmup, SEQUENTIAL_WARMUP), roundTrip, commit).summary());
            }
            Round measured = unlockRound(shop, n, roundTrip, commit);
            Map<String, Object> uv = measured.summary();
            uv.put("stages", measured.stages().percentiles(root.resolve(".local/bench/logs/visible-unlocks.csv")));
            Run.log("unlock visible %s", uv);
            return uv;
        } finally {
            KafkaBench.deleteQuietly(List.of(rttTopic), List.of());
        }
    }

    /**
     * n unlocks, each awaited until visible, by several viewers at once, while this thread runs raw round trips (the
     * harness's own Kafka client gets compiled too); nothing is measured.
     */
    private static void warmUp(Shop shop, int n, KafkaBench.RoundTrip roundTrip) throws Exception {
        int perUser = shop.paidEpisodes().size();
        int viewers = (n + perUser - 1) / perUser;
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WARMUP_VIEWERS_AT_ONCE);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int v = 0; v < viewers; v++) {
                int unlocks = Math.min(perUser, n - v * perUser);
                done.add(pool.submit(() -> {
                    Shop.User u = shop.newUser("warmup", "coins-1000");
                    for (String ep : shop.paidEpisodes().subList(0, unlocks)) {
                        // unmeasured: a 503 (a series check that outlasted its timeout while eight viewers and the
                        // JIT share two cores; nothing charged) is retried as the app would, not a failed run
                        shop.unlockUntilAccepted(u, ep, 30_000);
                        shop.awaitAllowed(u, ep, 30_000, CHECK_WAIT_MS, WARMUP_CHECK_INTERVAL_NANOS, new Stats());
                    }
                    return null;
                }));
            }
            int roundTrips = 0;
            while (!done.stream().allMatch(Future::isDone)) {
                roundTrip.once();
                roundTrips++;
            }
            for (Future<?> f : done) {
                f.get();
            }
            Run.log("unlock visible warm-up: %d unlocks by %d viewers, %d at once, and %d raw round trips, in %.1f s", n,
                    viewers, WARMUP_VIEWERS_AT_ONCE, roundTrips, (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One round's samples: unlock answered → visible, the unlock request itself (so tap → playable is the sum), raw
     * Kafka round trips, PostgreSQL commits, each round trip followed by a commit as one sample (the least an unlock
     * needs after its answer: the outbox record through the broker, the grant committed), and the unlocks for the
     * stage breakdown.
     */
    record Round(Stats visible, Stats request, Stats check, Stats rtt, Stats commit, Stats rttAndCommit,
                 UnlockStages stages) {
        Map<String, Object> summary() {
            Map<String, Object> uv = new LinkedHashMap<>();
            uv.put("count", visible.count());
            uv.put("check", CHECK_WAIT_MS > 0 ? "waitMs=" + CHECK_WAIT_MS
                    : "polled every " + CHECK_INTERVAL_NANOS / 1e6 + " ms");
            visible.putPercentiles(uv, "", 50, 90, 95, 99);
            request.putPercentiles(uv, "unlock_request_", 50, 99);
            check.putPercentiles(uv, "check_request_", 50, 99);
            uv.put("kafka_rtt_count", rtt.count());
            rtt.putPercentiles(uv, "kafka_rtt_", 50, 90, 95, 99);
            uv.put("p99_ratio_to_kafka", Run.round(visible.percentileMs(99) / rtt.percentileMs(99)));
            commit.putPercentiles(uv, "pg_commit_", 50, 99);
            rttAndCommit.putPercentiles(uv, "kafka_and_commit_", 50, 99);
            uv.put("p99_ratio_to_kafka_and_commit", Run.round(visible.percentileMs(99) / rttAndCommit.percentileMs(99)));
            return uv;
        }
    }

    private static Round unlockRound(Shop shop, int n, KafkaBench.RoundTrip roundTrip, CommitProbe commit)
            throws Exception {
        Round round = new Round(new Stats(), new Stats(), new Stats(), new Stats(), new Stats(), new Stats(),
                new UnlockStages());
        int perUser = shop.paidEpisodes().size();
        // every viewer of the round signs up and buys coins before the first unlock is timed: a Keycloak sign-up
        // (password hashing) and a pack purchase mid-round took the CPU of the unlock being measured
        List<Shop.User> viewers = new ArrayList<>();
        for (int i = 0; i < (n + perUser - 1) / perUser; i++) {
            viewers.add(shop.newUser("visible", "coins-1000"));
        }
        Thread.sleep(VIEWERS_SETTLE_MILLIS);
        for (int done = 0; done < n; ) {
            Shop.User u = viewers.get(done / perUser);
            for (int i = 0; i < perUser && done < n; i++, done++) {
                String ep = shop.paidEpisodes().get(i);
                long sent = System.nanoTime();
                String unlockId = Api.expect(shop.unlock(u, ep), 201, "unlock " + ep).json().path("unlockId").asText();
                long answeredAt = System.currentTimeMillis();
                long t0 = System.nanoTime();
                round.request().add(t0 - sent);
                shop.awaitAllowed(u, ep, 30_000, CHECK_WAIT_MS, CHECK_INTERVAL_NANOS, round.check());
                round.visible().add(System.nanoTime() - t0);
                round.stages().add(unlockId, answeredAt, System.currentTimeMillis());
                for (int r = 0; r < RTT_PER_UNLOCK; r++) {
                    long rtt = roundTrip.once();
                    long committed = commit.once();
                    round.rtt().add(rtt);
                    round.commit().add(committed);
                    round.rttAndCommit().add(rtt + committed);
                }
            }
        }
        return round;
    }

    private UnlockVisible() {
    }
}
