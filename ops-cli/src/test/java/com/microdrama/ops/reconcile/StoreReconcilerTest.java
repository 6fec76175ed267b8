package com.microdrama.ops.reconcile;

import com.microdrama.ops.reconcile.ProviderMismatch.Kind;
import com.microdrama.ops.reconcile.StoreRows.ProductState;
import com.microdrama.ops.reconcile.StoreRows.RevokedCharge;
import com.microdrama.ops.reconcile.StoreRows.Snapshot;
import com.microdrama.ops.reconcile.StoreRows.StorePack;
import com.microdrama.ops.reconcile.StoreRows.StoreSub;
import com.microdrama.ops.reconcile.StoreRows.SubscriptionState;
import com.microdrama.ops.reconcile.StoreRows.Voided;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.microdrama.ops.reconcile.ProviderReconcilerTest.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store reconciliation rules on hand-made rows and Google answers: no database, no network. */
class StoreReconcilerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static StorePack pack(String id, String status, String order, String... refundIds) {
        return new StorePack(id, "u", status, order, "coins_500", "tok-" + order, List.of(refundIds));
    }

    private static StoreSub sub(String token, String ours, String status, boolean refunded) {
        return new StoreSub(token, "u", "vip_weekly", ours, status, refunded);
    }

    private static Voided voided(String order, String token) {
        return new Voided(order, token, NOW.minusSeconds(60), 0, 0);
    }

    private static SubscriptionState google(String token, String state, Instant expiry) {
        return new SubscriptionState(token, "SUBSCRIPTION_STATE_" + state, expiry);
    }

    private static List<ProviderMismatch> find(List<StorePack> packs, List<StoreSub> subs, List<Voided> voided,
                                               Map<String, ProductState> products, Map<String, SubscriptionState> states) {
        return StoreReconciler.find(new Snapshot(packs, subs, voided, products, states, List.of(), NOW));
    }

    @Test
    void aVoidedOrderIsRefundedHereOrItIsADifference() {
        Map<String, ProductState> none = Map.of();
        ProviderMismatch m = only(find(List.of(pack("p1", "COMPLETED", "GPA.1")), List.of(), List.of(voided("GPA.1", "tok-GPA.1")),
                none, Map.of()), Kind.REFUND_MISMATCH);
        assertEquals("p1", m.ourId());
        assertEquals("GPA.1", m.providerId());
        assertTrue(find(List.of(pack("p1", "REFUNDED", "GPA.1")), List.of(), List.of(voided("GPA.1", "t")), none, Map.of()).isEmpty());
        // a refund row recorded (a part refund leaves the purchase COMPLETED) also counts
        assertTrue(find(List.of(pack("p1", "COMPLETED", "GPA.1", "r1")), List.of(), List.of(voided("GPA.1", "t")), none,
                Map.of()).isEmpty());
        ProviderMismatch unknown = only(find(List.of(), List.of(), List.of(voided("GPA.9", "t9")), none, Map.of()),
                Kind.PURCHASE_MISSING);
        assertEquals("GPA.9", unknown.providerId());
    }

    @Test
    void aVoidedSubscriptionEndsHere() {
        Map<String, SubscriptionState> active = Map.of("t", google("t", "ACTIVE", NOW.plusSeconds(3600)));
        ProviderMismatch m = only(find(List.of(), List.of(sub("t", "s1", "ACTIVE", false)), List.of(voided("GPA.2", "t")),
                Map.of(), active), Kind.REFUND_MISMATCH);
        assertEquals("s1", m.ourId());
        // refunded here while Google keeps access until the period end: no status difference either
        assertTrue(find(List.of(), List.of(sub("t", "s1", "REFUNDED", true)), List.of(voided("GPA.2", "t")), Map.of(), active)
                .isEmpty());
        // ended without a refund (expired before the void) is ended
        assertTrue(find(List.of(), List.of(sub("t", "s1", "EXPIRED", false)), List.of(voided("GPA.2", "t")), Map.of(),
                Map.of("t", google("t", "EXPIRED", NOW.minusSeconds(5)))).isEmpty());
    }

    @Test
    void googleAccessMatchesALiveRow() {
        Instant later = NOW.plusSeconds(3600);
        Instant earlier = NOW.minusSeconds(3600);
        for (String live : List.of("TRIALING", "ACTIVE", "CANCELLED", "PAST_DUE")) {
            assertTrue(find(List.of(), List.of(sub("t", "s", live, false)), List.of(), Map.of(),
                    Map.of("t", google("t", "IN_GRACE_PERIOD", later))).isEmpty(), live);
            only(find(List.of(), List.of(sub("t", "s", live, false)), List.of(), Map.of(),
                    Map.of("t", google("t", "ON_HOLD", later))), Kind.SUBSCRIPTION_STATUS);
        }
        assertTrue(find(List.of(), List.of(sub("t", "s", "CANCELLED", false)), List.of(), Map.of(),
                Map.of("t", google("t", "CANCELED", later))).isEmpty());
        only(find(List.of(), List.of(sub("t", "s", "CANCELLED", false)), List.of(), Map.of(),
                Map.of("t", google("t", "CANCELED", earlier))), Kind.SUBSCRIPTION_STATUS);
        // a REFUNDED row without a void or refund behind it is not excused
        only(find(List.of(), List.of(sub("t", "s", "REFUNDED", false)), List.of(), Map.of(),
                Map.of("t", google("t", "ACTIVE", later))), Kind.SUBSCRIPTION_STATUS);
        only(find(List.of(), List.of(sub("t", null, null, false)), List.of(), Map.of(),
                Map.of("t", google("t", "ACTIVE", later))), Kind.SUBSCRIPTION_STATUS);
        only(find(List.of(), List.of(sub("t", "s", "ACTIVE", false)), List.of(), Map.of(),
                Map.of("t", new SubscriptionState("t", null, null))), Kind.PROVIDER_OBJECT_MISSING);
    }

    @Test
    void aCompletedPackIsPurchasedAtGoogle() {
        StorePack p = pack("p", "COMPLETED", "GPA.3");
        assertTrue(find(List.of(p), List.of(), List.of(), Map.of(p.purchaseToken(), new ProductState(p.purchaseToken(), 0, "GPA.3")),
                Map.of()).isEmpty());
        ProviderMismatch canceled = only(find(List.of(p), List.of(), List.of(),
                Map.of(p.purchaseToken(), new ProductState(p.purchaseToken(), 1, "GPA.3")), Map.of()), Kind.PAYMENT_NOT_AT_PROVIDER);
        assertEquals("canceled", canceled.provider());
        only(find(List.of(p), List.of(), List.of(), Map.of(), Map.of()), Kind.PROVIDER_OBJECT_MISSING);
        only(find(List.of(p), List.of(), List.of(), Map.of(p.purchaseToken(), new ProductState(p.purchaseToken(), 0, "GPA.4")),
                Map.of()), Kind.IDS_DISAGREE);
        // without a token it cannot be asked (the command counts it as unchecked)
        StorePack noToken = new StorePack("q", "u", "COMPLETED", "GPA.5", "coins_500", null, List.of());
        assertTrue(find(List.of(noToken), List.of(), List.of(), Map.of(), Map.of()).isEmpty());
    }

    @Test
    void aRevokedTransactionOnOurRecordHasItsRefund() {
        RevokedCharge kept = new RevokedCharge("2000001", "u", "p1", "COMPLETED", NOW, List.of());
        RevokedCharge refunded = new RevokedCharge("2000002", "u", "p2", "REFUNDED", NOW, List.of("r"));
        ProviderMismatch m = only(StoreReconciler.find(new Snapshot(List.of(), List.of(), List.of(), Map.of(), Map.of(),
                List.of(kept, refunded), NOW)), Kind.REFUND_MISMATCH);
        assertEquals("2000001", m.providerId());
    }
}
