package com.microdrama.payment.unlock;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The episode, and optionally the price the app showed ({@code expectedPriceCoins}): when given it must equal the
 * price charged, else 409 {@code price-mismatch}. The price itself always comes from the catalog projection and the
 * token's region; other body fields (a {@code priceCoins}, a {@code region}) are ignored.
 */
public record EpisodeUnlockRequest(@NotBlank @Size(max = 200) String episodeId,
                                   @Min(0) Integer expectedPriceCoins) {
}
