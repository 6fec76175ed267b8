package com.microdrama.insights.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One episode's part of the drop-off curve over a range. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpisodeRow(
        int number,
        long plays,
        @Schema(description = "Signed-in viewers who played this episode for the first time in the range") long reached,
        long paywallViews,
        long unlocks,
        @Schema(description = "reached / reached of episode 1, 4 decimals; absent when episode 1 was reached by nobody")
        Double retention) {
}
