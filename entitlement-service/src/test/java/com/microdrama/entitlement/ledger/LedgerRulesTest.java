package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.ledger.LedgerRules.Announcement;
import com.microdrama.entitlement.ledger.LedgerRules.Change;
import com.microdrama.entitlement.ledger.PaymentCommand.ChangeSubscription;
import com.microdrama.entitlement.ledger.PaymentCommand.GrantEpisode;
import com.microdrama.entitlement.ledger.PaymentCommand.RevokePurchase;
import com.microdrama.entitlement.ledger.PaymentCommand.SubscriptionChange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules live consumption and the rebuild share; each case applies events to one source's state in memory. */
class LedgerRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant PAID = NOW.minus(Duration.ofMinutes(5));
    private static final Instant REFUNDED = NOW.minus(Duration.ofMinutes(1));

    private static final GrantEpisode PURCHASE = new GrantEpisode("u1", "ep-7", "s-1", "unl-1", PAID);
    private static final RevokePurchase REFUND = new RevokePurchase("u1", "unl-1", "episode-unlock", REFUNDED);

    private static SourceState fresh(String source) {
        return new SourceState(source, null, null);
    }

    @Test
    void aPurchaseCreatesOneEntitlementFromWhenItWasPaidAndAnnouncesIt() {
        SourceState state = fresh("unl-1");
        List<Announcement> out = LedgerRules.apply(state, PURCHASE, "ev-1", NOW);
        assertTrue(state.entitlementCreated());
        assertEquals(PAID, state.entitlement().validFrom);
        assertEquals(Entitlement.idFor("unl-1"), state.entitlement().id);
        assertEquals(List.of(Change.GRANTED), out.stream().map(Announcement::change).toList());

        assertEquals(List.of(), LedgerRules.apply(state, PURCHASE, "ev-1-again-with-another-id", NOW));
        assertEquals("ev-1", state.entitlement().causeEventId, "the second delivery changes nothing");
    }

    @Test
    void aPurchaseStampedAheadOfThisClockStartsNow() {
        SourceState state = fresh("unl-1");
        LedgerRules.apply(state, new GrantEpisode("u1", "ep-7", "s-1", "unl-1", NOW.plusSeconds(30)), "ev-1", NOW);
        assertEquals(NOW, state.entitlement().validFrom);
    }

    @Test
    void aRefundRevokesAtItsOwnTimeAndLeavesATombstone() {
        SourceState state = new SourceState("unl-1", null, null);
        LedgerRules.apply(state, PURCHASE, "ev-1", NOW);
        SourceState loaded = new SourceState("unl-1", state.entitlement(), null);
        List<Announcement> out = LedgerRules.apply(loaded, REFUND, "ev-2", NOW);
        assertTrue(loaded.entitlementChanged());
        assertEquals(REFUNDED, loaded.entitlement().revokedAt);
        assertEquals("ev-2", loaded.entitlement().revokeEventId);
        assertTrue(loaded.tombstoneCreated());
        assertEquals(List.of(Change.ENDED), out.stream().map(Announcement::change).toList());
    }

    @Test
    void aPurchaseThatArrivesAfterItsRefundLandsRevokedSilently() {
        SourceState state = fresh("unl-1");
        assertEquals(List.of(), LedgerRules.apply(state, REFUND, "ev-2", NOW));
        assertNull(state.entitlement());
        assertEquals(List.of(), LedgerRules.apply(state, PURCHASE, "ev-1", NOW));
        assertEquals(REFUNDED, state.entitlement().revokedAt);
        assertEquals("ev-2", state.entitlement().revokeEventId);
    }

    @Test
    void eitherOrderEndsInTheSameRow() {
        SourceState purchaseFirst = fresh("unl-1");
        LedgerRules.apply(purchaseFirst, PURCHASE, "ev-1", NOW);
        LedgerRules.apply(purchaseFirst, REFUND, "ev-2", NOW);
        SourceState refundFirst = fresh("unl-1");
        LedgerRules.apply(refundFirst, REFUND, "ev-2", NOW);
        LedgerRules.apply(refundFirst, PURCHASE, "ev-1", NOW);
        Entitlement a = purchaseFirst.entitlement();
        Entitlement b = refundFirst.entitlement();
        assertEquals(List.of(a.id, a.validFrom, a.revokedAt, a.revokeEventId, a.causeEventId),
                List.of(b.id, b.validFrom, b.revokedAt, b.revokeEventId, b.causeEventId));
        assertTrue(purchaseFirst.entitlementCreated(), "created within the batch: inserted in its final state");
        assertFalse(purchaseFirst.entitlementChanged(), "so no separate update");
    }

    /**
     * What the rebuild's load relies on (rebuild.BulkLoad): for a purchase's source, whatever the order of its grants
     * and refunds, the rules end in its first grant, revoked by its first refund, which is also its tombstone. Every
     * order of two grants and two refunds (with different times and event ids), each event possibly delivered twice.
     */
    @Test
    void aPurchaseEndsAsItsFirstGrantRevokedByItsFirstRefundWhateverTheOrder() {
        List<PaymentCommand> events = List.of(PURCHASE,
                new PaymentCommand.GrantSeries("u1", "s-1", "unl-1", PAID.plusSeconds(7)),
                REFUND, new RevokePurchase("u1", "unl-1", "episode-unlock", REFUNDED.plusSeconds(9)));
        int orders = 0;
        for (List<Integer> order : permutations(List.of(0, 1, 2, 3))) {
            for (int twice = -1; twice < 4; twice++) {
                SourceState state = fresh("unl-1");
                Integer firstGrant = null;
                Integer firstRefund = null;
                for (int i : order) {
                    int deliveries = i == twice ? 2 : 1;
                    for (int d = 0; d < deliveries; d++) {
                        LedgerRules.apply(state, events.get(i), "ev-" + i, NOW);
                    }
                    if (i < 2 && firstGrant == null) {
                        firstGrant = i;
                    }
                    if (i >= 2 && firstRefund == null) {
                        firstRefund = i;
                    }
                }
                SourceState expected = fresh("unl-1");
                LedgerRules.apply(expected, events.get(firstGrant), "ev-" + firstGrant, NOW);
                LedgerRules.apply(expected, events.get(firstRefund), "ev-" + firstRefund, NOW);
                Entitlement a = expected.entitlement();
                Entitlement b = state.entitlement();
                assertEquals(List.of(a.id, a.kind, a.validFrom, a.causeEventId, a.revokedAt, a.revokeEventId),
                        List.of(b.id, b.kind, b.validFrom, b.causeEventId, b.revokedAt, b.revokeEventId),
                        "order " + order + ", twice " + twice);
                assertEquals(List.of(expected.tombstone().revokedAt, expected.tombstone().revokeEventId),
                        List.of(state.tombstone().revokedAt, state.tombstone().revokeEventId),
                        "order " + order + ", twice " + twice);
                orders++;
            }
        }
        assertEquals(24 * 5, orders);
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> all = new ArrayList<>();
        for (Integer head : items) {
            List<Integer> rest = new ArrayList<>(items);
            rest.remove(head);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> order = new ArrayList<>(List.of(head));
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    @Test
    void aVipPeriodIsExtendedByARenewalAndEndedByARefund() {
        Instant weekEnd = NOW.plus(Duration.ofDays(7));
        SourceState state = fresh("sub-1");
        LedgerRules.apply(state, subscription(SubscriptionChange.ACTIVATED, weekEnd), "ev-1", NOW);
        assertEquals(weekEnd, state.entitlement().validUntil);
        List<Announcement> renewed = LedgerRules.apply(state,
                subscription(SubscriptionChange.RENEWED, weekEnd.plus(Duration.ofDays(7))), "ev-2", NOW);
        assertEquals(List.of(Change.GRANTED), renewed.stream().map(Announcement::change).toList());
        assertEquals(List.of(), LedgerRules.apply(state, subscription(SubscriptionChange.RENEWED, weekEnd), "ev-3", NOW),
                "a late renewal never shortens the period");
        List<Announcement> refunded = LedgerRules.apply(state, subscription(SubscriptionChange.REFUNDED, null), "ev-4", NOW);
        assertEquals(List.of(Change.ENDED), refunded.stream().map(Announcement::change).toList());
        assertEquals(NOW.minusSeconds(1), state.entitlement().revokedAt);
        assertTrue(state.tombstoneCreated());
    }

    private static ChangeSubscription subscription(SubscriptionChange change, Instant validUntil) {
        return new ChangeSubscription(change, "u1", "sub-1", PAID, validUntil, NOW.minusSeconds(1));
    }
}
