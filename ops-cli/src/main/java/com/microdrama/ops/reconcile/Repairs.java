package com.microdrama.ops.reconcile;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.payload.SubscriptionChanged;
import com.microdrama.ops.reconcile.Rows.Refund;
import com.microdrama.ops.reconcile.Rows.Snapshot;
import com.microdrama.ops.reconcile.Rows.Subscription;
import com.microdrama.ops.reconcile.Rows.Unlock;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The corrective payment event for a mismatch: the original fact again (same unlock/subscription/refund ids, so
 * entitlement-service applies it to the same row) under a new CloudEvents id (so its inbox does not skip it).
 */
public final class Repairs {
    public static final String SOURCE = "/ops-cli/reconcile";

    private Repairs() {
    }

    public static Optional<EventEnvelope> eventFor(Mismatch m, Snapshot s, Instant now) {
        if (m.repairType() == null) {
            return Optional.empty();
        }
        String type = m.repairType();
        if (type.equals(EventTypes.EPISODE_PURCHASED) || type.equals(EventTypes.SERIES_PURCHASED)
                || type.equals(EventTypes.PURCHASE_REFUNDED)) {
            Unlock u = s.unlocks().stream().filter(x -> x.id().equals(m.purchaseId())).findFirst().orElseThrow();
            Object data;
            if (type.equals(EventTypes.EPISODE_PURCHASED)) {
                data = new EpisodePurchased(u.id(), u.userId(), u.episodeId(), u.seriesId(), u.coinsSpent(), u.createdAt());
            } else if (type.equals(EventTypes.SERIES_PURCHASED)) {
                data = new SeriesPurchased(u.id(), u.userId(), u.seriesId(), u.coinsSpent(), u.createdAt());
            } else {
                String kind = "SERIES".equals(u.kind()) ? "series-unlock" : "episode-unlock";
                Optional<Refund> refund = s.refunds().stream()
                        .filter(r -> r.targetId().equals(u.id()) && r.kind().equals(kind)).findFirst();
                data = new PurchaseRefunded(refund.map(Refund::id).orElse(UUID.randomUUID().toString()), u.userId(), u.id(),
                        kind, refund.map(Refund::reason).orElse("reconcile: unlock is refunded in payments"),
                        refund.map(Refund::createdAt).orElse(u.refundedAt() != null ? u.refundedAt() : now));
            }
            return Optional.of(EventEnvelope.of(SOURCE, type, u.userId(), data));
        }
        Subscription sub = s.subscriptions().stream().filter(x -> x.id().equals(m.purchaseId())).findFirst().orElseThrow();
        SubscriptionChanged data = new SubscriptionChanged(sub.id(), sub.userId(), sub.planId(), sub.status(),
                sub.startedAt(), sub.accessUntil(), now);
        return Optional.of(EventEnvelope.of(SOURCE, type, sub.userId(), data));
    }
}
