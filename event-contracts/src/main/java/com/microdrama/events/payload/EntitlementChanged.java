package com.microdrama.events.payload;

import java.time.Instant;

/**
 * Payload of entitlement granted/revoked events. {@code kind} is {@code episode}, {@code series}, {@code vip} or
 * {@code promo}; {@code causeEventId} is the id of the event that caused the change.
 */
public record EntitlementChanged(
        String entitlementId,
        String userId,
        String kind,
        String episodeId,
        String seriesId,
        Instant validFrom,
        Instant validUntil,
        String source,
        String causeEventId) {
}
