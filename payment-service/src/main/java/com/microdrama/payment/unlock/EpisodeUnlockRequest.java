package com.microdrama.payment.unlock;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Only the episode: the price always comes from the catalog projection; other body fields are ignored. */
public record EpisodeUnlockRequest(@NotBlank @Size(max = 200) String episodeId) {
}
