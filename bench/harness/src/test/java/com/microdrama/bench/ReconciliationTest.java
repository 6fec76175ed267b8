package com.microdrama.bench;

import com.microdrama.ops.reconcile.Rows.Entitlement;
import com.microdrama.ops.reconcile.Rows.Snapshot;
import com.microdrama.ops.reconcile.Rows.Unlock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReconciliationTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static Unlock unlock(String id, String kind, String status) {
        return new Unlock(id, "u", kind, "ep-" + id, "s", 10, status, NOW.minusSeconds(60),
                "REFUNDED".equals(status) ? NOW.minusSeconds(30) : null);
    }

    private static Entitlement entitlement(String source, Instant revokedAt) {
        return new Entitlement("e-" + source, "u", "episode", "ep-" + source, "s", NOW.minusSeconds(60), null, source, revokedAt);
    }

    private static Reconciliation.Report judge(List<Unlock> unlocks, List<Entitlement> entitlements, int outbox, int processed) {
        return Reconciliation.judge(new Snapshot(unlocks, List.of(), List.of(), entitlements), NOW, outbox, 0, processed);
    }

    @Test
    void anEpisodeUnlockSupersededByASeriesUnlockKeepsItsEntitlementWithoutAMismatch() {
        Reconciliation.Report r = judge(List.of(unlock("a", "EPISODE", "SUPERSEDED"), unlock("b", "SERIES", "ACTIVE")),
                List.of(entitlement("a", null), entitlement("b", null)), 2, 2);
        assertEquals(0, r.mismatches());
        assertEquals(2, r.activeUnlocks());
        assertEquals(2, r.activeEntitlements());
    }

    @Test
    void theLedgerMismatchesAreOpsClisKindsCounted() {
        Reconciliation.Report r = judge(List.of(unlock("a", "EPISODE", "ACTIVE"), unlock("b", "EPISODE", "REFUNDED")),
                List.of(entitlement("b", null), entitlement("ghost", null)), 3, 3);
        assertEquals(Map.of("MISSING_ENTITLEMENT", 1, "REFUNDED_BUT_ENTITLED", 1, "ORPHAN_ENTITLEMENT", 1), r.ledgerMismatches());
        assertEquals(3, r.firstMismatches().size());
        assertEquals(1, r.refundedUnlocks());
        assertEquals(3, r.mismatches());
    }

    @Test
    void anEventOfTheOutboxNotInTheInboxIsAMismatchEvenWhenTheLedgerAgrees() {
        Reconciliation.Report r = judge(List.of(unlock("a", "EPISODE", "ACTIVE")), List.of(entitlement("a", null)), 2, 1);
        assertEquals(Map.of(), r.ledgerMismatches());
        assertEquals(1, r.unprocessedEvents());
        assertEquals(1, r.mismatches());
    }
}
