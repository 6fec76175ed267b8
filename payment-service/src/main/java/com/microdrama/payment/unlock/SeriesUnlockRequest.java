package com.microdrama.payment.unlock;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Like {@link EpisodeUnlockRequest}: {@code expectedPriceCoins}, when given, must equal the bundle price charged. */
public record SeriesUnlockRequest(@NotBlank @Size(max = 200) String seriesId,
                                  @Min(0) Integer expectedPriceCoins) {
}
