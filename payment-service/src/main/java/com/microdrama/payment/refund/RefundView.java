package com.microdrama.payment.refund;

import java.time.Instant;

public record RefundView(String refundId, String kind, String targetId, String userId, String reason,
                         boolean chargeback, String source, long coins, Instant createdAt) {
    public static RefundView of(Refund r) {
        return new RefundView(r.id.toString(), r.kind, r.targetId, r.userId, r.reason, r.chargeback, r.source, r.coins,
                r.createdAt);
    }
}
