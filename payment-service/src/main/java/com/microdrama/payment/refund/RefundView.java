package com.microdrama.payment.refund;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.events.payload.Money;

import java.time.Instant;

/**
 * {@code amount}: money returned by this refund (coin packs only); {@code partial}: the target is not refunded in full
 * yet; {@code providerRefundId}/{@code providerStatus}: the provider's object and where its money is ({@code pending},
 * {@code succeeded}, {@code failed}), absent for refunds the provider holds no money for; {@code reversedAt} and
 * {@code reversalReason}: the refund was undone (dispute won, refund failed at the provider) and its coins came back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefundView(String refundId, String kind, String targetId, String userId, String reason,
                         boolean chargeback, String source, long coins, Money amount, boolean partial,
                         Instant createdAt, String providerRefundId, String providerStatus, Instant reversedAt,
                         String reversalReason) {
    public static RefundView of(Refund r) {
        Money amount = r.amount == null ? null : new Money(r.amount.toPlainString(), r.currency);
        return new RefundView(r.id.toString(), r.kind, r.targetId, r.userId, r.reason, r.chargeback, r.source, r.coins,
                amount, r.partial, r.createdAt, r.providerRef, r.providerStatus, r.reversedAt, r.reversalReason);
    }
}
