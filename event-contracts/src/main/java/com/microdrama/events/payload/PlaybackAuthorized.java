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
 */
public record PlaybackAuthorized(
        String viewerId,
        String seriesId,
        String episodeId,
        int episodeNumber,
        String access,
        String region,
        String language,
        Instant authorizedAt) {

    public static final String FREE = "free";
    public static final String ENTITLED = "entitled";
}
