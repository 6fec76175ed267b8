package com.microdrama.insights.funnel;

import java.time.Instant;

/**
 * One thing that happened to a series, as the funnel counts it: read from viewing-events (a play, a paywall) or from
 * payment-events (an unlock, its refund), the viewer always as the viewing-events pseudonym, never a user id.
 *
 * @param viewerId      pseudonym; null for a free play without signing in
 * @param episodeNumber 0 when the source does not say (unlocks name the episode by id)
 * @param region        null for payment facts: the funnel files them under the viewer's last seen region
 * @param coins         coins offered (paywall), spent (unlock) or given back (refund)
 */
public record Fact(Kind kind, String seriesId, String viewerId, String episodeId, int episodeNumber, String region,
                   String language, int coins, String unlockId, Instant at) {

    public enum Kind { PLAY, PAYWALL, EPISODE_UNLOCK, SERIES_UNLOCK, REFUND }
}
