package com.microdrama.events.payload;

import java.time.Instant;

/**
 * Coins were spent to unlock one episode; entitlement-service grants it.
 *
 * @param experimentId the paywall experiment the buyer was in on the series, null when none ran: the price charged
 *                     is the one their arm offered
 * @param variant      the name of their arm (docs/decisions/0036-paywall-experiments.md)
 */
public record EpisodePurchased(
        String unlockId,
        String userId,
        String episodeId,
        String seriesId,
        int coinsSpent,
        Instant purchasedAt,
        String experimentId,
        String variant) {

    /** Without an experiment (the shape before experiments travelled). */
    public EpisodePurchased(String unlockId, String userId, String episodeId, String seriesId, int coinsSpent,
                            Instant purchasedAt) {
        this(unlockId, userId, episodeId, seriesId, coinsSpent, purchasedAt, null, null);
    }

}
