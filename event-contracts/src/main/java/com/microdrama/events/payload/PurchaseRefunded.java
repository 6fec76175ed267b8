package com.microdrama.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A purchase was refunded or charged back. {@code purchaseId} is the unlock, pack purchase or subscription it takes
 * back; {@code kind} says which ({@code episode-unlock}, {@code series-unlock}, {@code coin-pack}, {@code subscription}).
 *
 * <p>Added to v1 additively (absent in older events): {@code partial} (false for a refund of the whole purchase or
 * of its remaining part), and for coin packs {@code amount} (money returned by this refund), {@code totalRefunded}
 * (money returned for the purchase so far, this refund included) and {@code coinsClawedBack} (paid plus bonus
 * coins this refund took out of the wallet).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurchaseRefunded(
        String refundId,
        String userId,
        String purchaseId,
        String kind,
        String reason,
        Instant refundedAt,
        Money amount,
        Money totalRefunded,
        Long coinsClawedBack,
        Boolean partial) {

    /** A refund as v1 first described it: the whole purchase, no amounts. */
    public PurchaseRefunded(String refundId, String userId, String purchaseId, String kind, String reason,
                            Instant refundedAt) {
        this(refundId, userId, purchaseId, kind, reason, refundedAt, null, null, null, null);
    }
}
