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
 * @param experimentId  the paywall experiment the viewer was in on the series, null when none ran (a refund carries
 *                      its unlock's: docs/decisions/0036-paywall-experiments.md)
 * @param variant       the viewer's arm of it, null when none ran
 */
public record Fact(Kind kind, String seriesId, String viewerId, String episodeId, int episodeNumber, String region,
                   String language, int coins, String unlockId, Instant at, String experimentId, String variant) {

    /** True when the fact names a viewer and the experiment arm they were in: experiments count it. */
    public boolean tagged() {
        return viewerId != null && experimentId != null && variant != null;
    }

    public enum Kind { PLAY, PAYWALL, EPISODE_UNLOCK, SERIES_UNLOCK, REFUND }
}
