package com.microdrama.ops.reconcile;

import java.time.Instant;
import java.util.List;

/** The rows reconcile compares: payment-service's purchases and entitlement-service's entitlements, as read. */
public final class Rows {
    private Rows() {
    }

    public record Unlock(String id, String userId, String kind, String episodeId, String seriesId, int coinsSpent,
                         String status, Instant createdAt, Instant refundedAt) {
        /**
         * Paid for and not refunded: its entitlement must be live. A SUPERSEDED episode unlock (covered by a later
         * series unlock, see payment-service) keeps its entitlement: it comes back into play if the series is refunded.
         */
        public boolean active() {
            return "ACTIVE".equals(status) || "SUPERSEDED".equals(status);
        }
    }

    public record Subscription(String id, String userId, String planId, String status, Instant startedAt,
                               Instant periodStart, Instant periodEnd, Instant graceUntil, Instant endedAt) {
        static final List<String> LIVE = List.of("TRIALING", "ACTIVE", "CANCELLED", "PAST_DUE");

        boolean live() {
            return LIVE.contains(status);
        }

        /** Mirrors payment-service's SubscriptionState.accessUntil(): period end (or grace end) while live, else ended_at. */
        Instant accessUntil() {
            if (!live()) {
                return endedAt != null ? endedAt : periodEnd;
            }
            return graceUntil != null && graceUntil.isAfter(periodEnd) ? graceUntil : periodEnd;
        }
    }

    public record Refund(String id, String userId, String kind, String targetId, String reason, Instant createdAt) {
    }

    public record Entitlement(String id, String userId, String kind, String episodeId, String seriesId,
                              Instant validFrom, Instant validUntil, String source, Instant revokedAt) {
        public boolean activeAt(Instant now) {
            return revokedAt == null && (validUntil == null || validUntil.isAfter(now));
        }
    }

    public record Snapshot(List<Unlock> unlocks, List<Subscription> subscriptions, List<Refund> refunds,
                           List<Entitlement> entitlements) {
    }
}
