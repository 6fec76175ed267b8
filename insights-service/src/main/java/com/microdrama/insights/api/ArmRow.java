package com.microdrama.insights.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.insights.experiment.ArmCounts;
import com.microdrama.insights.experiment.ExperimentStatistics;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One arm of an experiment: distinct viewers, what they did, and coins per viewer with their spread. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArmRow(
        String variant,
        @Schema(description = "Signed-in viewers with any fact of the experiment in this arm") long viewers,
        @Schema(description = "...of them, those who met the paywall") long paywallViewers,
        @Schema(description = "...of them, those who unlocked at least once") long payers,
        @Schema(description = "payers / viewers, 4 decimals") double conversion,
        @Schema(description = "Coins spent on unlocks, net of refunds") long coinsSpent,
        @Schema(description = "coinsSpent / viewers, 4 decimals") double coinsPerViewer,
        @Schema(description = "Sample standard deviation of coins per viewer, 4 decimals; absent below two viewers")
        Double coinsPerViewerSd) {

    static ArmRow of(String variant, ArmCounts c) {
        ExperimentStatistics.Sample s = ExperimentStatistics.Sample.of(c);
        Double variance = s.variance();
        return new ArmRow(variant, c.viewers, c.paywallViewers, c.payers, round(s.conversion(), 4), c.coinsSpent,
                round(s.mean(), 4), variance == null ? null : round(Math.sqrt(variance), 4));
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
