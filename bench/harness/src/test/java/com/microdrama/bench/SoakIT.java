package com.microdrama.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-minute soak ({@code bench/harness.sh soak --smoke}): mixed traffic while the seeded schedule kills each
 * service copy, the Kafka broker and Keycloak, restarts PostgreSQL and delays the network. The seed is random unless
 * {@code -Dsoak.seed} names one, and is printed with the replay command: every seed's schedule holds every fault kind,
 * so each CI run tries another interleaving, and a failure is replayed exactly. It asserts that every fault happened
 * and recovered, that every acknowledged purchase, unlock, subscription and refund is in the databases exactly once
 * and reconciles, and that no 5xx was answered outside the fault windows. 196-289 s in failsafe here (load average
 * 5-8: most of it the copies' starts and restarts).
 */
class SoakIT {

    @Test
    void twoMinutesOfMixedTrafficUnderFaultsLoseAndDoubleNothing() throws Exception {
        String seed = System.getProperty("soak.seed", String.valueOf(new java.security.SecureRandom().nextInt(1_000_000)));
        System.out.println("SoakIT: seed " + seed + " (replay: bash bench/harness.sh soak --smoke --seed " + seed
                + "); log .local/bench/soak-it.log");
        // 2 min of traffic, the faults' recoveries and the checks: ~3.5 min on a busy machine
        JsonNode r = HarnessRun.run(List.of("bash", "bench/harness.sh", "soak", "--smoke", "--seed", seed), "soak-it.log",
                "soak-latest-smoke.json", 480, "the soak (seed " + seed + ")");
        JsonNode s = r.path("soak");
        assertEquals(Long.parseLong(seed), s.path("seed").asLong(), "the run used another seed");
        JsonNode faults = s.path("faults");
        assertEquals(3, faults.path("kill_service").asInt(), "each service killed once: " + s.path("fault_windows"));
        for (String kind : List.of("kafka_restart", "postgresql_restart", "keycloak_restart", "delay")) {
            assertTrue(faults.path(kind).asInt() >= 1, kind + " did not happen: " + s.path("fault_windows"));
        }
        assertEquals(0, s.path("faults_failed").asInt(), "a fault did not recover: " + s.path("fault_windows"));
        JsonNode ack = s.path("acknowledged");
        assertTrue(s.path("requests").asInt() > 500, "too little traffic: " + s.path("answers"));
        assertTrue(ack.path("purchases").asInt() > 0 && ack.path("unlocks").asInt() > 0,
                "no purchase or unlock was acknowledged: " + ack);
        assertEquals(0, s.path("mismatches").asInt(), "not exactly once (seed " + seed + "): "
                + s.path("first_ledger_mismatches") + " " + s.path("reconciliation"));
        assertEquals(0, s.path("errors_outside_fault_windows").asInt(), "5xx outside the fault windows (seed " + seed + "): "
                + s.path("first_errors_outside_fault_windows"));
    }
}
