package com.microdrama.events.payload;

import java.time.Instant;

/** A coin pack paid and confirmed by the payment provider; the wallet has been credited. */
public record CoinsPurchased(
        String purchaseId,
        String userId,
        String packId,
        int coins,
        int bonusCoins,
        Money price,
        String provider,
        Instant purchasedAt) {
}
