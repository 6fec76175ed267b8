package com.microdrama.events.payload;

import java.time.Instant;

/**
 * An episode was allowed to play: catalog-service signed its URL. An analytics fact on viewing-events, not a money
 * fact: it may be lost (never retried at the cost of playback) and is never the reason for a grant.
 *
 * @param viewerId      the viewer's pseudonym (docs/events.md, "viewing-events"); null for a free episode played
 *                      without signing in
 * @param access        {@code free} (a free episode) or {@code entitled} (a paid one the viewer may play)
 * @param region        the trusted region every rule used (ISO 3166-1 alpha-2)
 * @param language      the primary language the app asked for (Accept-Language), null when it named none
 * @param experimentId           the paywall experiment the viewer was in on this series, null when none ran
 * @param variant                the name of their arm of it (docs/decisions/0036-paywall-experiments.md)
 */
public record PlaybackAuthorized(
        String viewerId,
        String seriesId,
        String episodeId,
        int episodeNumber,
        String access,
        String region,
        String language,
        Instant authorizedAt,
        String experimentId,
        String variant) {

    /** Without an experiment (the shape before experiments travelled). */
    public PlaybackAuthorized(String viewerId, String seriesId, String episodeId, int episodeNumber, String access,
            String region, String language, Instant authorizedAt) {
        this(viewerId, seriesId, episodeId, episodeNumber, access, region, language, authorizedAt, null, null);
    }

    public static final String FREE = "free";
    public static final String ENTITLED = "entitled";
}
