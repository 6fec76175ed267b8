package com.microdrama.events.payload;

import java.time.Instant;

/**
 * Payload of every subscription-* event: VIP access is valid from {@code validFrom} until {@code validUntil}; an
 * expired or refunded subscription carries the instant access ended as {@code validUntil}.
 */
public record SubscriptionChanged(
        String subscriptionId,
        String userId,
        String planId,
        String status,
        Instant validFrom,
        Instant validUntil,
        Instant occurredAt) {
}
