package com.microdrama.events.payload;

import java.time.Instant;

/** Coins were spent to unlock one episode; entitlement-service grants it. */
public record EpisodePurchased(
        String unlockId,
        String userId,
        String episodeId,
        String seriesId,
        int coinsSpent,
        Instant purchasedAt) {
}
