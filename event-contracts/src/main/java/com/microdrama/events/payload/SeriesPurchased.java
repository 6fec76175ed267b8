package com.microdrama.events.payload;

import java.time.Instant;

/** Coins were spent to unlock a whole series, including episodes published later. */
public record SeriesPurchased(
        String unlockId,
        String userId,
        String seriesId,
        int coinsSpent,
        Instant purchasedAt) {
}
