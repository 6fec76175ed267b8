package com.microdrama.events.payload;

import java.time.Instant;

/**
 * A purchase was refunded or charged back. {@code purchaseId} is the unlock, pack purchase or subscription it takes
 * back; {@code kind} says which ({@code episode-unlock}, {@code series-unlock}, {@code coin-pack}, {@code subscription}).
 */
public record PurchaseRefunded(
        String refundId,
        String userId,
        String purchaseId,
        String kind,
        String reason,
        Instant refundedAt) {
}
