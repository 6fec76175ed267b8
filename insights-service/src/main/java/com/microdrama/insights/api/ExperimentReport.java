package com.microdrama.insights.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A paywall experiment's results on a series, over its whole run so far: each arm, and each arm against the control
 * (docs/decisions/0036-paywall-experiments.md).
 */
public record ExperimentReport(
        String seriesId,
        String experimentId,
        @Schema(description = "The arm every other is compared with: the query's `control`, else the first name in"
                + " sort order") String control,
        @Schema(description = "The tests, in words") String method,
        @Schema(description = "How to read the p-values: a fixed-horizon test") String note,
        @Schema(description = "Every arm with facts, in name order") List<ArmRow> arms,
        @Schema(description = "Each arm but the control against the control") List<ArmComparison> comparisons) {

    static final String METHOD = "Conversion (payers / viewers): two-sided two-proportion z-test with pooled variance;"
            + " coins per viewer (net of refunds): Welch's t-test with the normal approximation. Differences are arm"
            + " minus control, with 95 % intervals from the unpooled standard error.";
    static final String NOTE = "Fixed-horizon test: decide the sample size first and read the result once it is"
            + " reached. Checking repeatedly and stopping at the first p < 0.05 inflates false positives well above"
            + " 5 %.";
}
