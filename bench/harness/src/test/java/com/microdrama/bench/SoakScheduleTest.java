package com.microdrama.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's schedule: replayable from its seed, every fault kind in it, service kills out of the RSS window. */
class SoakScheduleTest {

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOne() {
        assertEquals(SoakSchedule.generate(42, 10), SoakSchedule.generate(42, 10));
        assertNotEquals(SoakSchedule.generate(42, 10), SoakSchedule.generate(43, 10));
    }

    private static Map<SoakSchedule.Kind, Long> kinds(List<SoakSchedule.Fault> faults) {
        return faults.stream().collect(Collectors.groupingBy(SoakSchedule.Fault::kind, Collectors.counting()));
    }

    @Test
    void twoMinutesHoldEveryKindAndEachServiceOnceAndEndHealthy() {
        for (long seed = 0; seed < 200; seed++) {
            List<SoakSchedule.Fault> faults = SoakSchedule.generate(seed, 2);
            Map<SoakSchedule.Kind, Long> kinds = kinds(faults);
            assertEquals(SoakSchedule.Kind.values().length, kinds.size(), "seed " + seed + ": " + faults);
            assertEquals(Fleet.SERVICES, faults.stream().filter(f -> f.kind() == SoakSchedule.Kind.KILL_SERVICE)
                    .map(SoakSchedule.Fault::target).sorted(java.util.Comparator.comparing(Fleet.SERVICES::indexOf)).toList());
            for (SoakSchedule.Fault f : faults) {
                assertTrue(f.offsetMs() >= SoakSchedule.LEAD_MS && f.offsetMs() < 120_000 - SoakSchedule.TAIL_MS,
                        "seed " + seed + ": " + f.describe());
            }
        }
    }

    @Test
    void tenMinutesKillServicesOnlyBeforeTheLastFiveAndKeepPlatformFaultsApart() {
        for (long seed = 0; seed < 200; seed++) {
            List<SoakSchedule.Fault> faults = SoakSchedule.generate(seed, 10);
            Map<SoakSchedule.Kind, Long> kinds = kinds(faults);
            assertEquals(3L, kinds.get(SoakSchedule.Kind.KILL_SERVICE));
            assertEquals(2L, kinds.get(SoakSchedule.Kind.KEYCLOAK_RESTART));
            assertEquals(3L, kinds.get(SoakSchedule.Kind.DELAY));
            faults.stream().filter(f -> f.kind() == SoakSchedule.Kind.KILL_SERVICE).forEach(f ->
                    assertTrue(f.offsetMs() < 10 * 60_000 - SoakSchedule.RSS_WINDOW_MS, f.describe()));
            List<Long> platform = faults.stream().filter(f -> f.kind() != SoakSchedule.Kind.KILL_SERVICE
                    && f.kind() != SoakSchedule.Kind.DELAY).map(SoakSchedule.Fault::offsetMs).sorted().toList();
            for (int i = 1; i < platform.size(); i++) {
                assertTrue(platform.get(i) - platform.get(i - 1) > 30_000, "seed " + seed + ": platform faults " + platform);
            }
        }
    }
}
