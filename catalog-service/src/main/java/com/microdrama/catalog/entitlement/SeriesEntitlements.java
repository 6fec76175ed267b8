package com.microdrama.catalog.entitlement;

import java.util.List;

/** Answer of {@code GET /api/entitlements/users/{userId}/series/{seriesId}}: one row per episode it knows. */
public record SeriesEntitlements(String seriesId, List<EpisodeEntitlement> episodes) {

    public record EpisodeEntitlement(String episodeId, boolean allowed, String reason) {
    }
}
