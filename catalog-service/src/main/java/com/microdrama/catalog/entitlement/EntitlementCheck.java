package com.microdrama.catalog.entitlement;

import java.time.Instant;

/** Answer of {@code GET /api/entitlements/users/{userId}/check}. */
public record EntitlementCheck(String episodeId, boolean allowed, String reason, Instant validUntil) {
}
