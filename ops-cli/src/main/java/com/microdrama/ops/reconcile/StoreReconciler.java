package com.microdrama.ops.reconcile;

import com.microdrama.ops.reconcile.ProviderMismatch.Kind;
import com.microdrama.ops.reconcile.StoreRows.ProductState;
import com.microdrama.ops.reconcile.StoreRows.RevokedCharge;
import com.microdrama.ops.reconcile.StoreRows.Snapshot;
import com.microdrama.ops.reconcile.StoreRows.StorePack;
import com.microdrama.ops.reconcile.StoreRows.StoreSub;
import com.microdrama.ops.reconcile.StoreRows.SubscriptionState;
import com.microdrama.ops.reconcile.StoreRows.Voided;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules by which our store purchases agree with what the store says (decision 0020): Google Play's voided
 * purchases are refunded here, its subscriptions give access exactly when ours are live, the coin packs we completed
 * are purchased there; and a store transaction revoked on our own record has its refund. Pure, like
 * {@link ProviderReconciler}, whose mismatch kinds and order it shares.
 */
public final class StoreReconciler {
    /** Our subscription statuses that give VIP access. */
    static final Set<String> LIVE = Set.of("TRIALING", "ACTIVE", "CANCELLED", "PAST_DUE");
    /** Our statuses of a subscription whose access ended: a voided one must be in one of them. */
    private static final Set<String> ENDED = Set.of("REFUNDED", "EXPIRED");

    private StoreReconciler() {
    }

    public static List<ProviderMismatch> find(Snapshot s) {
        List<ProviderMismatch> out = new ArrayList<>();
        Set<String> voidedOrders = new HashSet<>();
        Set<String> voidedTokens = new HashSet<>();
        s.voided().forEach(v -> {
            voidedOrders.add(v.orderId());
            voidedTokens.add(v.purchaseToken());
        });
        voided(s, out);
        packs(s, voidedOrders, out);
        subscriptions(s, voidedTokens, out);
        revoked(s.revoked(), out);
        return ProviderReconciler.sorted(out);
    }

    /** Every voided purchase is refunded here: the pack its order bought, or the subscription its token holds. */
    private static void voided(Snapshot s, List<ProviderMismatch> out) {
        Map<String, StoreSub> subs = new HashMap<>();
        s.subscriptions().forEach(x -> subs.put(x.token(), x));
        Map<String, StorePack> packs = new HashMap<>();
        s.packs().forEach(p -> packs.put(p.orderId(), p));
        for (Voided v : s.voided()) {
            String theirs = "voided " + v.voidedAt();
            StoreSub sub = subs.get(v.purchaseToken());
            if (sub != null) {
                // a store subscription that never gave access here has nothing to refund
                if (sub.subscriptionId() != null && !ENDED.contains(sub.status()) && !sub.refunded()) {
                    out.add(new ProviderMismatch(Kind.REFUND_MISMATCH, sub.userId(), sub.subscriptionId(), v.orderId(),
                            sub.status() + ", not refunded", theirs, "Google voided order " + v.orderId()
                            + " of subscription token " + v.purchaseToken() + ", but our subscription is "
                            + sub.status() + " with no refund"));
                }
                continue;
            }
            StorePack pack = packs.get(v.orderId());
            if (pack == null) {
                out.add(new ProviderMismatch(Kind.PURCHASE_MISSING, null, null, v.orderId(), "missing", theirs,
                        "Google voided order " + v.orderId() + " (token " + v.purchaseToken() + "), which no pack "
                        + "purchase or store subscription here names"));
            } else if (!"REFUNDED".equals(pack.status()) && pack.refundIds().isEmpty()) {
                out.add(new ProviderMismatch(Kind.REFUND_MISMATCH, pack.userId(), pack.id(), v.orderId(),
                        pack.status() + ", not refunded", theirs, "Google voided order " + v.orderId()
                        + ", but the pack purchase is " + pack.status() + " with no refund"));
            }
        }
    }

    /** A pack completed here is purchased at Google (purchaseState 0); a voided one is judged by the void rule. */
    private static void packs(Snapshot s, Set<String> voidedOrders, List<ProviderMismatch> out) {
        for (StorePack p : s.packs()) {
            if (!"COMPLETED".equals(p.status()) || voidedOrders.contains(p.orderId()) || p.purchaseToken() == null) {
                continue;
            }
            ProductState g = s.products().get(p.purchaseToken());
            if (g == null || g.purchaseState() == null) {
                out.add(new ProviderMismatch(Kind.PROVIDER_OBJECT_MISSING, p.userId(), p.id(), p.orderId(), p.status(),
                        "missing", "Google Play has no purchase of " + p.productId() + " with token " + p.purchaseToken()));
                continue;
            }
            if (g.purchaseState() != 0) {
                out.add(new ProviderMismatch(Kind.PAYMENT_NOT_AT_PROVIDER, p.userId(), p.id(), p.orderId(), p.status(),
                        purchaseState(g.purchaseState()), "the purchase is COMPLETED here but Google Play's purchaseState "
                        + "is " + g.purchaseState() + " (" + purchaseState(g.purchaseState()) + ")"));
            }
            if (g.orderId() != null && !g.orderId().equals(p.orderId())) {
                out.add(new ProviderMismatch(Kind.IDS_DISAGREE, p.userId(), p.id(), p.orderId(), p.orderId(), g.orderId(),
                        "the purchase token belongs to order " + g.orderId() + " at Google Play"));
            }
        }
    }

    /**
     * Google gives access (ACTIVE, IN_GRACE_PERIOD, CANCELED until its expiry) exactly when our current row is live.
     * A row we refunded after a void may end before Google's subscription does.
     */
    private static void subscriptions(Snapshot s, Set<String> voidedTokens, List<ProviderMismatch> out) {
        for (StoreSub sub : s.subscriptions()) {
            SubscriptionState g = s.states().get(sub.token());
            String ours = sub.subscriptionId() == null ? "no subscription row" : sub.status();
            if (g == null || g.state() == null) {
                out.add(new ProviderMismatch(Kind.PROVIDER_OBJECT_MISSING, sub.userId(), sub.subscriptionId(), sub.token(),
                        ours, "missing", "Google Play has no subscription with token " + sub.token()));
                continue;
            }
            boolean access = googleAccess(g, s);
            boolean live = sub.subscriptionId() != null && LIVE.contains(sub.status());
            boolean refundedAfterVoid = "REFUNDED".equals(sub.status())
                    && (sub.refunded() || voidedTokens.contains(sub.token()));
            if (access == live || (access && refundedAfterVoid)) {
                continue;
            }
            String theirs = g.state().replace("SUBSCRIPTION_STATE_", "") + (g.expiry() == null ? "" : " until " + g.expiry());
            out.add(new ProviderMismatch(Kind.SUBSCRIPTION_STATUS, sub.userId(), sub.subscriptionId(), sub.token(), ours,
                    theirs, access ? "Google Play gives access, our subscription is " + ours
                    : "our subscription is " + ours + " (access), Google Play gives none"));
        }
    }

    static boolean googleAccess(SubscriptionState g, Snapshot s) {
        return switch (g.state()) {
            case "SUBSCRIPTION_STATE_ACTIVE", "SUBSCRIPTION_STATE_IN_GRACE_PERIOD" -> true;
            case "SUBSCRIPTION_STATE_CANCELED" -> g.expiry() != null && g.expiry().isAfter(s.now());
            default -> false;
        };
    }

    /** A store transaction revoked on our own record, which had credited a pack, has the pack's refund. */
    private static void revoked(List<RevokedCharge> revoked, List<ProviderMismatch> out) {
        for (RevokedCharge r : revoked) {
            if (!"REFUNDED".equals(r.packStatus()) && r.refundIds().isEmpty()) {
                out.add(new ProviderMismatch(Kind.REFUND_MISMATCH, r.userId(), r.packPurchaseId(), r.transactionId(),
                        r.packStatus() + ", not refunded", "revoked " + r.revokedAt(), "transaction " + r.transactionId()
                        + " is revoked on our record since " + r.revokedAt() + ", but its pack purchase is "
                        + r.packStatus() + " with no refund"));
            }
        }
    }

    private static String purchaseState(int state) {
        return switch (state) {
            case 0 -> "purchased";
            case 1 -> "canceled";
            case 2 -> "pending";
            default -> "state " + state;
        };
    }
}
