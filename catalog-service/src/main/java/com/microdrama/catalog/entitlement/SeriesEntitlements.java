package com.microdrama.catalog.entitlement;

import java.time.Instant;
import java.util.List;

/** Answer of {@code GET /api/entitlements/users/{userId}/series/{seriesId}}: one row per episode it knows. */
public record SeriesEntitlements(String seriesId, List<EpisodeEntitlement> episodes) {

    /** {@code validUntil}: end of a time-bounded grant (VIP, promo), null when it does not end. */
    public record EpisodeEntitlement(String episodeId, boolean allowed, String reason, Instant validUntil) {

        public EpisodeEntitlement(String episodeId, boolean allowed, String reason) {
            this(episodeId, allowed, reason, null);
        }
    }
}
