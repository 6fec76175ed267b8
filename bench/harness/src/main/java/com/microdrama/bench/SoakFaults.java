package com.microdrama.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Carries out a {@link SoakSchedule}: each fault on its own thread at its offset (faults may overlap, as outages do),
 * and records its window: from its start until the broken piece is healthy again (the service copy answers
 * /q/health/ready, platform.sh up returned, pg_ctlcluster restart returned, the delay is off), plus
 * {@link #GRACE_MS}, the time pools, consumers and circuit breakers get to recover before a 5xx counts against the
 * services.
 */
final class SoakFaults {

    /**
     * After a piece is healthy: the services' database pools and Kafka clients reconnect on their next use, a
     * restarted copy runs its first requests interpreted (its first series checks can outlast their 800 ms timeout:
     * see Shop.warmUp), and payment-service's circuit breaker towards entitlement-service stays open for its delay.
     */
    static final long GRACE_MS = 10_000;

    /** A fault's window, in ms from the soak's start. */
    record Window(SoakSchedule.Fault fault, long startMs, long healthyMs, String error) {
        long endMs() {
            return healthyMs + GRACE_MS;
        }

        boolean covers(long fromMs, long toMs) {
            return fromMs <= endMs() && toMs >= startMs;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>(fault.toJson());
            m.put("started_ms", startMs);
            m.put("healthy_ms", healthyMs);
            m.put("outage_ms", healthyMs - startMs);
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    private final Fleet fleet;
    private final Path root;
    private final List<DelayProxy> relays;
    private final LongSupplier nowMs;
    final List<Window> windows = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    SoakFaults(Fleet fleet, Path root, List<DelayProxy> relays, LongSupplier nowMs) {
        this.fleet = fleet;
        this.root = root;
        this.relays = relays;
        this.nowMs = nowMs;
    }

    /** Starts the schedule's clock: every fault fires at its offset on its own thread. */
    void start(List<SoakSchedule.Fault> schedule) {
        for (SoakSchedule.Fault f : schedule) {
            Thread t = new Thread(() -> {
                try {
                    long wait = f.offsetMs() - nowMs.getAsLong();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    long s = nowMs.getAsLong();
                    Run.log("fault: %s", f.describe());
                    String error = null;
                    try {
                        apply(f);
                    } catch (Exception e) {
                        error = e.toString();
                        Run.log("fault %s failed: %s", f.describe(), e);
                    }
                    long healthy = nowMs.getAsLong();
                    windows.add(new Window(f, s, healthy, error));
                    Run.log("fault over after %d ms: %s", healthy - s, f.describe());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "soak-fault-" + f.kind() + "-" + f.offsetMs());
            threads.add(t);
            t.start();
        }
    }

    /** Waits for every fault to have ended (a fault fired late by a slow machine still gets its recovery). */
    void await(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (t.isAlive()) {
                throw new IllegalStateException("fault " + t.getName() + " did not end within " + timeoutMs + " ms");
            }
        }
    }

    boolean inWindow(long fromMs, long toMs) {
        synchronized (windows) {
            return windows.stream().anyMatch(w -> w.covers(fromMs, toMs));
        }
    }

    private void apply(SoakSchedule.Fault f) throws Exception {
        switch (f.kind()) {
            case KILL_SERVICE -> {
                fleet.kill9(f.target());
                restart(f.target());
            }
            case KAFKA_RESTART -> {
                PlatformProcesses.kill9(root, PlatformProcesses.KAFKA_PID);
                PlatformProcesses.up(root, PLATFORM_LOG);
            }
            case KEYCLOAK_RESTART -> {
                PlatformProcesses.kill9(root, PlatformProcesses.KEYCLOAK_PID);
                PlatformProcesses.up(root, PLATFORM_LOG);
            }
            case POSTGRESQL_RESTART -> PlatformProcesses.restartPostgresql(root, "postgresql-restart.log");
            case DELAY -> {
                relays.forEach(r -> r.delay(f.delayMs()));
                try {
                    Thread.sleep(f.holdMs());
                } finally {
                    relays.forEach(r -> r.delay(0));
                }
            }
        }
    }

    /**
     * Starts the copy again; a start that coincides with another outage (PostgreSQL restarting: Flyway cannot run)
     * exits, and is tried again, as an orchestrator would restart it.
     */
    private void restart(String service) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                fleet.start(service);
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 5) {
                    throw e;
                }
                Run.log("restart of %s failed (%s); again in 3 s", service, e.getMessage());
                fleet.kill9(service);
                Thread.sleep(3_000);
            }
        }
    }

    /** Where platform.sh up's output goes when the soak brings a piece back. */
    static final String PLATFORM_LOG = "soak-platform-up.log";
}
