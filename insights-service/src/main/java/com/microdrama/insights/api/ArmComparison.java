package com.microdrama.insights.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.insights.experiment.ExperimentStatistics;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.math.MathContext;

/** One arm against the control: the difference of conversion and of coins per viewer, each with its test. */
public record ArmComparison(
        String variant,
        String control,
        @Schema(description = "Conversion of the arm minus the control's; statistic is z") DifferenceTest conversion,
        @Schema(description = "Coins per viewer of the arm minus the control's; statistic is Welch's t")
        DifferenceTest coinsPerViewer) {

    /** A difference and its test; the test's fields are absent when the data cannot give them (no spread, too few). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DifferenceTest(
            @Schema(description = "Arm minus control, 6 decimals") double difference,
            @Schema(description = "Test statistic (difference / standard error), 4 decimals") Double statistic,
            @Schema(description = "Two-sided p-value, 4 significant digits") Double pValue,
            @Schema(description = "Lower end of the 95 % interval of the difference") Double low,
            @Schema(description = "Upper end of the 95 % interval of the difference") Double high) {

        static DifferenceTest of(ExperimentStatistics.Difference d) {
            return new DifferenceTest(ArmRow.round(d.difference(), 6),
                    d.statistic() == null ? null : ArmRow.round(d.statistic(), 4),
                    d.pValue() == null ? null : new BigDecimal(d.pValue()).round(new MathContext(4)).doubleValue(),
                    d.low() == null ? null : ArmRow.round(d.low(), 6),
                    d.high() == null ? null : ArmRow.round(d.high(), 6));
        }
    }
}
