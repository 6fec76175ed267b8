package com.microdrama.events.payload;

import java.time.Instant;

/**
 * Coins were spent to unlock a whole series, including episodes published later.
 *
 * @param experimentId the paywall experiment the buyer was in on the series, null when none ran
 * @param variant      the name of their arm (docs/decisions/0036-paywall-experiments.md)
 */
public record SeriesPurchased(
        String unlockId,
        String userId,
        String seriesId,
        int coinsSpent,
        Instant purchasedAt,
        String experimentId,
        String variant) {

    /** Without an experiment (the shape before experiments travelled). */
    public SeriesPurchased(String unlockId, String userId, String seriesId, int coinsSpent, Instant purchasedAt) {
        this(unlockId, userId, seriesId, coinsSpent, purchasedAt, null, null);
    }

}
