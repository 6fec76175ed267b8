package com.microdrama.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The soak's fault schedule, a pure function of (seed, minutes): the same seed gives the same faults at the same
 * offsets, so a failing run is replayed with {@code --seed}. Each fault kind gets its own slots:
 * <ul>
 *   <li>kill -9 of each service copy (then restarted at once): only in the part of the run that ends five minutes
 *   before its end when the run is long enough (the RSS of the last five minutes is judged on processes that lived
 *   through them), else anywhere but the last 30 s;</li>
 *   <li>the Kafka broker killed (-9) and restarted, PostgreSQL restarted (fast shutdown), Keycloak killed (-9) and
 *   restarted, and the delay relays switched to {@code delayMs} for {@code holdMs}: anywhere but the last 30 s.</li>
 * </ul>
 * A run of m minutes has each platform fault max(1, m / 4) times, each service killed max(1, m / 6) times and
 * max(1, m / 3) delay periods. Within their allowed span the service kills share one row of evenly spread slots, the
 * platform faults another and the delays a third, each fault at a seeded point of its slot.
 */
final class SoakSchedule {

    enum Kind {
        KILL_SERVICE, KAFKA_RESTART, POSTGRESQL_RESTART, KEYCLOAK_RESTART, DELAY
    }

    record Fault(long offsetMs, Kind kind, String target, int delayMs, long holdMs) {
        String describe() {
            String what = switch (kind) {
                case KILL_SERVICE -> "kill -9 " + target + ", restart";
                case KAFKA_RESTART -> "kill -9 Kafka broker, platform.sh up";
                case POSTGRESQL_RESTART -> "restart PostgreSQL (pg_ctlcluster restart -m fast)";
                case KEYCLOAK_RESTART -> "kill -9 Keycloak, platform.sh up";
                case DELAY -> "delay " + delayMs + " ms per chunk on the relays to " + target + " for " + holdMs + " ms";
            };
            return "+%6.1f s  %s".formatted(offsetMs / 1000.0, what);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offset_ms", offsetMs);
            m.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
            m.put("target", target);
            if (kind == Kind.DELAY) {
                m.put("delay_ms", delayMs);
                m.put("hold_ms", holdMs);
            }
            return m;
        }
    }

    /** Nothing starts in the first seconds (the traffic settles) or the last 30 s (the run must end healthy). */
    static final long LEAD_MS = 8_000;
    static final long TAIL_MS = 30_000;
    /** The RSS judgement's window: service kills stay out of it when the run is long enough to have one. */
    static final long RSS_WINDOW_MS = 5 * 60_000;

    static List<Fault> generate(long seed, double minutes) {
        Random random = new Random(seed);
        long runMs = (long) (minutes * 60_000);
        long end = Math.max(LEAD_MS + 10_000, runMs - TAIL_MS);
        // kills before the RSS window when there is room for one, else wherever the run allows
        long serviceEnd = runMs - RSS_WINDOW_MS - 30_000 > LEAD_MS + 30_000 ? runMs - RSS_WINDOW_MS - 30_000 : end;
        int platformTimes = Math.max(1, (int) (minutes / 4));
        int serviceTimes = Math.max(1, (int) (minutes / 6));
        int delayTimes = Math.max(1, (int) (minutes / 3));
        List<Fault> faults = new ArrayList<>();
        List<String[]> serviceKills = new ArrayList<>();
        for (int i = 0; i < serviceTimes; i++) {
            for (String s : Fleet.SERVICES) {
                serviceKills.add(new String[]{s});
            }
        }
        java.util.Collections.shuffle(serviceKills, random);
        spread(random, LEAD_MS, serviceEnd, serviceKills.size(), (i, at) ->
                faults.add(new Fault(at, Kind.KILL_SERVICE, serviceKills.get(i)[0], 0, 0)));
        // the platform faults share one row of slots: two of them at once would queue behind each other in
        // platform.sh's own lock (Keycloak alone takes 30-80 s to come back on a busy machine)
        List<Kind> platform = new ArrayList<>();
        for (int i = 0; i < platformTimes; i++) {
            platform.addAll(List.of(Kind.KAFKA_RESTART, Kind.POSTGRESQL_RESTART, Kind.KEYCLOAK_RESTART));
        }
        java.util.Collections.shuffle(platform, random);
        spread(random, LEAD_MS, end, platform.size(), (i, at) -> {
            Kind k = platform.get(i);
            String target = switch (k) {
                case KAFKA_RESTART -> "kafka";
                case POSTGRESQL_RESTART -> "postgresql";
                default -> "keycloak";
            };
            faults.add(new Fault(at, k, target, 0, 0));
        });
        spread(random, LEAD_MS, end, delayTimes, (i, at) -> faults.add(new Fault(at, Kind.DELAY,
                "postgresql+entitlement-service", 20 + 10 * random.nextInt(9), 8_000 + 1_000L * random.nextInt(8))));
        faults.sort(Comparator.comparingLong(Fault::offsetMs));
        return faults;
    }

    private interface Place {
        void at(int index, long offsetMs);
    }

    /** n offsets in [from, to): one per equal slot, at a seeded point in the slot's first two thirds. */
    private static void spread(Random random, long from, long to, int n, Place place) {
        long slot = (to - from) / n;
        for (int i = 0; i < n; i++) {
            place.at(i, from + i * slot + (long) (random.nextDouble() * slot * 2 / 3));
        }
    }

    private SoakSchedule() {
    }
}
