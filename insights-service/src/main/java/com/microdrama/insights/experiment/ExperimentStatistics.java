package com.microdrama.insights.experiment;

import java.math.BigInteger;

/**
 * The tests decision 0036 names for comparing an arm with the control (docs/decisions/0036-paywall-experiments.md):
 * conversion (payers / viewers) by a two-sided two-proportion z-test with pooled variance, coins per viewer by Welch's
 * t-test with the normal approximation (an arm has thousands of viewers, where t and normal agree to the third
 * decimal); each with a 95 % interval of the difference (unpooled standard error). Fixed-horizon tests: they hold
 * for one look at a sample size decided in advance.
 */
public final class ExperimentStatistics {
    /** The 97.5th percentile of the standard normal: a two-sided 95 % interval is ± this many standard errors. */
    static final double Z_975 = 1.959963984540054;

    private ExperimentStatistics() {
    }

    /**
     * arm − control; {@code statistic}, {@code pValue} and the interval are null when the data cannot give them (an arm
     * without viewers, or no spread at all).
     */
    public record Difference(double difference, Double statistic, Double pValue, Double low, Double high) {
    }

    /** One arm's viewers and what they did, as the test needs it. */
    public record Sample(long viewers, long payers, long coins, long coinsSquared) {
        public static Sample of(ArmCounts c) {
            return new Sample(c.viewers, c.payers, c.coinsSpent, c.coinsSquared);
        }

        /** payers / viewers; 0 without viewers. */
        public double conversion() {
            return viewers == 0 ? 0 : (double) payers / viewers;
        }

        /** Mean coins per viewer; 0 without viewers. */
        public double mean() {
            return viewers == 0 ? 0 : (double) coins / viewers;
        }

        /**
         * Sample variance (n − 1) of coins per viewer, (nQ − S²) / (n(n − 1)), with nQ − S² computed exactly (it
         * is a difference of two large and nearly equal numbers); null below two viewers.
         */
        public Double variance() {
            if (viewers < 2) {
                return null;
            }
            BigInteger n = BigInteger.valueOf(viewers);
            BigInteger spread = n.multiply(BigInteger.valueOf(coinsSquared))
                    .subtract(BigInteger.valueOf(coins).pow(2));
            return Math.max(0, spread.doubleValue() / ((double) viewers * (viewers - 1)));
        }
    }

    /**
     * Two-sided two-proportion z-test: z = (p_arm − p_control) / sqrt(p(1 − p)(1/n_arm + 1/n_control)) with p the
     * pooled conversion; the interval uses the unpooled standard error sqrt(p_a(1 − p_a)/n_a + p_c(1 − p_c)/n_c).
     */
    public static Difference conversion(Sample control, Sample arm) {
        if (control.viewers() == 0 || arm.viewers() == 0) {
            return new Difference(arm.conversion() - control.conversion(), null, null, null, null);
        }
        double pc = control.conversion();
        double pa = arm.conversion();
        double difference = pa - pc;
        double pooled = (double) (control.payers() + arm.payers()) / (control.viewers() + arm.viewers());
        double se0 = Math.sqrt(pooled * (1 - pooled) * (1.0 / control.viewers() + 1.0 / arm.viewers()));
        double se = Math.sqrt(pc * (1 - pc) / control.viewers() + pa * (1 - pa) / arm.viewers());
        Double z = se0 == 0 ? null : difference / se0;
        return new Difference(difference, z, z == null ? null : twoSidedP(z),
                se == 0 ? null : difference - Z_975 * se, se == 0 ? null : difference + Z_975 * se);
    }

    /**
     * Welch's test of mean coins per viewer with the normal approximation: t = (mean_arm − mean_control) /
     * sqrt(var_arm/n_arm + var_control/n_control), p from the standard normal; the interval is the difference ± 1.96
     * of that standard error.
     */
    public static Difference coinsPerViewer(Sample control, Sample arm) {
        double difference = arm.mean() - control.mean();
        Double vc = control.variance();
        Double va = arm.variance();
        if (vc == null || va == null) {
            return new Difference(difference, null, null, null, null);
        }
        double se = Math.sqrt(vc / control.viewers() + va / arm.viewers());
        if (se == 0) {
            return new Difference(difference, null, null, null, null);
        }
        double t = difference / se;
        return new Difference(difference, t, twoSidedP(t), difference - Z_975 * se, difference + Z_975 * se);
    }

    /** P(|Z| ≥ |z|) for a standard normal Z. */
    public static double twoSidedP(double z) {
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** The standard normal CDF Φ(x). */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /**
     * The complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere (Press et al.,
     * Numerical Recipes in C, 2nd ed., §6.2, erfcc): good to the digits a p-value is read with, tails included.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
