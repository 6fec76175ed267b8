package com.microdrama.ops.reconcile;

import com.microdrama.events.EventTypes;
import com.microdrama.ops.reconcile.Mismatch.Kind;
import com.microdrama.ops.reconcile.Rows.Entitlement;
import com.microdrama.ops.reconcile.Rows.Snapshot;
import com.microdrama.ops.reconcile.Rows.Subscription;
import com.microdrama.ops.reconcile.Rows.Unlock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reconciliation rules (which money facts must have which entitlements): pure, so every rule is unit-tested on
 * hand-made rows. The one home of the rule: the bench's fault scenarios judge their users with it too (bench/harness
 * depends on this package, without ops-cli's runtime).
 */
public final class Reconciler {
    /** Clocks and event timestamps differ slightly between services; smaller differences are not mismatches. */
    static final Duration TOLERANCE = Duration.ofMinutes(1);

    private Reconciler() {
    }

    public static List<Mismatch> find(Snapshot s, Instant now) {
        Map<String, Entitlement> bySource = new HashMap<>();
        for (Entitlement e : s.entitlements()) {
            bySource.put(e.source(), e);
        }
        List<Mismatch> out = new ArrayList<>();
        for (Unlock u : s.unlocks()) {
            Entitlement e = bySource.get(u.id());
            String purchased = "SERIES".equals(u.kind()) ? EventTypes.SERIES_PURCHASED : EventTypes.EPISODE_PURCHASED;
            String what = "SERIES".equals(u.kind()) ? "series " + u.seriesId() : "episode " + u.episodeId();
            if (u.active()) {
                if (e == null) {
                    out.add(new Mismatch(Kind.MISSING_ENTITLEMENT, u.userId(), u.id(), null,
                            "paid " + u.coinsSpent() + " coins for " + what + " but no entitlement exists", purchased));
                } else if (e.revokedAt() != null) {
                    // entitlement-service keeps one row per source: a re-emitted purchase cannot un-revoke it.
                    out.add(new Mismatch(Kind.MISSING_ENTITLEMENT, u.userId(), u.id(), e.id(),
                            "paid for " + what + " but its entitlement was revoked at " + e.revokedAt()
                                    + "; grant it again through the admin API", null));
                } else if (!e.activeAt(now)) {
                    out.add(new Mismatch(Kind.MISSING_ENTITLEMENT, u.userId(), u.id(), e.id(),
                            "paid for " + what + " but its entitlement ended at " + e.validUntil(), null));
                }
            } else if (e != null && e.activeAt(now)) {
                out.add(new Mismatch(Kind.REFUNDED_BUT_ENTITLED, u.userId(), u.id(), e.id(),
                        what + " was refunded" + (u.refundedAt() != null ? " at " + u.refundedAt() : "")
                                + " but the entitlement is still active", EventTypes.PURCHASE_REFUNDED));
            }
        }
        for (Subscription sub : s.subscriptions()) {
            Entitlement e = bySource.get(sub.id());
            Instant accessUntil = sub.accessUntil();
            boolean accessNow = sub.live() && accessUntil.isAfter(now);
            if (accessNow) {
                if (e == null || !e.activeAt(now)) {
                    out.add(new Mismatch(Kind.MISSING_VIP, sub.userId(), sub.id(), e == null ? null : e.id(),
                            "subscription " + sub.status() + " until " + accessUntil + " but "
                                    + (e == null ? "no VIP entitlement exists" : "the VIP entitlement is not active"),
                            e == null || e.revokedAt() == null ? EventTypes.SUBSCRIPTION_RENEWED : null));
                } else if (e.validUntil() == null || e.validUntil().isAfter(accessUntil.plus(TOLERANCE))) {
                    out.add(new Mismatch(Kind.VIP_BEYOND_ACCESS_END, sub.userId(), sub.id(), e.id(),
                            "VIP valid until " + (e.validUntil() == null ? "forever" : e.validUntil())
                                    + " but the subscription's access ends " + accessUntil, null));
                }
            } else if (e != null && e.activeAt(now)) {
                String repair = switch (sub.status()) {
                    case "EXPIRED" -> EventTypes.SUBSCRIPTION_EXPIRED;
                    case "REFUNDED" -> EventTypes.SUBSCRIPTION_REFUNDED;
                    // Live but past its access end: payment-service's expiry job owns that transition.
                    default -> null;
                };
                out.add(new Mismatch(Kind.STALE_VIP, sub.userId(), sub.id(), e.id(),
                        "subscription " + sub.status() + ", access ended " + accessUntil + ", but VIP is active until "
                                + (e.validUntil() == null ? "forever" : e.validUntil()), repair));
            }
        }
        Set<String> purchases = new HashSet<>();
        s.unlocks().forEach(u -> purchases.add(u.id()));
        s.subscriptions().forEach(sub -> purchases.add(sub.id()));
        for (Entitlement e : s.entitlements()) {
            // promo entitlements come from the admin journal, not from a purchase
            if (!"promo".equals(e.kind()) && e.activeAt(now) && !purchases.contains(e.source())) {
                out.add(new Mismatch(Kind.ORPHAN_ENTITLEMENT, e.userId(), e.source(), e.id(),
                        e.kind() + " entitlement whose source purchase " + e.source()
                                + " does not exist in payments; revoke it through the admin API if it is wrong", null));
            }
        }
        out.sort(Comparator.comparing(Mismatch::kind).thenComparing(Mismatch::userId).thenComparing(Mismatch::purchaseId));
        return out;
    }
}
