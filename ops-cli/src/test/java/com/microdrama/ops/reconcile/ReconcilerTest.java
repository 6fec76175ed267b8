package com.microdrama.ops.reconcile;

import com.microdrama.events.EventTypes;
import com.microdrama.ops.reconcile.Mismatch.Kind;
import com.microdrama.ops.reconcile.Rows.Entitlement;
import com.microdrama.ops.reconcile.Rows.Snapshot;
import com.microdrama.ops.reconcile.Rows.Subscription;
import com.microdrama.ops.reconcile.Rows.Unlock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconcilerTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(30));

    private static Unlock unlock(String id, String status) {
        return new Unlock(id, "u", "EPISODE", "ep", "s", 80, status, LONG_AGO, "REFUNDED".equals(status) ? NOW : null);
    }

    private static Entitlement ent(String source, String kind, Instant validUntil, Instant revokedAt) {
        return new Entitlement("e-" + source, "u", kind, "ep", "s", LONG_AGO, validUntil, source, revokedAt);
    }

    private static Subscription sub(String id, String status, Instant periodEnd, Instant endedAt) {
        return new Subscription(id, "u", "vip-weekly", status, LONG_AGO, periodEnd.minus(Duration.ofDays(7)), periodEnd, null, endedAt);
    }

    private static List<Mismatch> find(List<Unlock> u, List<Subscription> s, List<Entitlement> e) {
        return Reconciler.find(new Snapshot(u, s, List.of(), e), NOW);
    }

    @Test
    void consistentRowsAreClean() {
        assertTrue(find(List.of(unlock("a", "ACTIVE"), unlock("b", "REFUNDED")),
                List.of(sub("s1", "ACTIVE", NOW.plus(Duration.ofDays(3)), null), sub("s2", "EXPIRED", NOW.minusSeconds(60), NOW.minusSeconds(60))),
                List.of(ent("a", "episode", null, null), ent("b", "episode", null, NOW),
                        ent("s1", "vip", NOW.plus(Duration.ofDays(3)), null), ent("s2", "vip", NOW.minusSeconds(60), null),
                        ent("promo-1", "promo", null, null))).isEmpty());
    }

    @Test
    void anEpisodeUnlockASeriesUnlockSupersededKeepsItsEntitlement() {
        assertTrue(find(List.of(unlock("a", "SUPERSEDED")), List.of(), List.of(ent("a", "episode", null, null))).isEmpty());
        assertEquals(Kind.MISSING_ENTITLEMENT, find(List.of(unlock("a", "SUPERSEDED")), List.of(), List.of()).get(0).kind());
    }

    @Test
    void anActiveUnlockWithoutEntitlementIsRepairedByReEmittingThePurchase() {
        Mismatch m = find(List.of(unlock("a", "ACTIVE")), List.of(), List.of()).get(0);
        assertEquals(Kind.MISSING_ENTITLEMENT, m.kind());
        assertEquals(EventTypes.EPISODE_PURCHASED, m.repairType());
    }

    @Test
    void anActiveUnlockWhoseEntitlementWasRevokedNeedsAPersonNotAReplay() {
        Mismatch m = find(List.of(unlock("a", "ACTIVE")), List.of(), List.of(ent("a", "episode", null, NOW))).get(0);
        assertEquals(Kind.MISSING_ENTITLEMENT, m.kind());
        assertNull(m.repairType());
    }

    @Test
    void aRefundedUnlockWithAnActiveEntitlementIsRepairedByARefundEvent() {
        Mismatch m = find(List.of(unlock("a", "REFUNDED")), List.of(), List.of(ent("a", "episode", null, null))).get(0);
        assertEquals(Kind.REFUNDED_BUT_ENTITLED, m.kind());
        assertEquals(EventTypes.PURCHASE_REFUNDED, m.repairType());
    }

    @Test
    void vipStillActiveAfterExpiryOrRefundIsStale() {
        List<Mismatch> ms = find(List.of(),
                List.of(sub("x", "EXPIRED", NOW.minusSeconds(3600), NOW.minusSeconds(3600)),
                        sub("r", "REFUNDED", NOW.plus(Duration.ofDays(2)), NOW.minusSeconds(10))),
                List.of(ent("x", "vip", NOW.plus(Duration.ofDays(1)), null), ent("r", "vip", NOW.plus(Duration.ofDays(2)), null)));
        assertEquals(2, ms.size());
        assertEquals(Kind.STALE_VIP, ms.get(0).kind());
        assertEquals(EventTypes.SUBSCRIPTION_REFUNDED, ms.get(0).repairType());
        assertEquals(EventTypes.SUBSCRIPTION_EXPIRED, ms.get(1).repairType());
    }

    @Test
    void aLiveSubscriptionPastItsEndIsLeftToPaymentServicesExpiryJob() {
        Mismatch m = find(List.of(), List.of(sub("x", "ACTIVE", NOW.minusSeconds(3600), null)),
                List.of(ent("x", "vip", null, null))).get(0);
        assertEquals(Kind.STALE_VIP, m.kind());
        assertNull(m.repairType());
    }

    @Test
    void vipBeyondTheAccessEndOfALiveSubscriptionIsReported() {
        Mismatch m = find(List.of(), List.of(sub("x", "ACTIVE", NOW.plus(Duration.ofDays(1)), null)),
                List.of(ent("x", "vip", NOW.plus(Duration.ofDays(9)), null))).get(0);
        assertEquals(Kind.VIP_BEYOND_ACCESS_END, m.kind());
    }

    @Test
    void aLiveSubscriptionWithoutVipIsRepairedByARenewal() {
        Mismatch m = find(List.of(), List.of(sub("x", "CANCELLED", NOW.plus(Duration.ofDays(1)), null)), List.of()).get(0);
        assertEquals(Kind.MISSING_VIP, m.kind());
        assertEquals(EventTypes.SUBSCRIPTION_RENEWED, m.repairType());
    }

    @Test
    void anActivePurchaseEntitlementWithoutItsPurchaseIsAnOrphanButPromosAreNot() {
        List<Mismatch> ms = find(List.of(), List.of(), List.of(ent("ghost", "series", null, null),
                ent("promo", "promo", null, null), ent("old", "episode", null, NOW)));
        assertEquals(1, ms.size());
        assertEquals(Kind.ORPHAN_ENTITLEMENT, ms.get(0).kind());
        assertEquals("ghost", ms.get(0).purchaseId());
    }
}
