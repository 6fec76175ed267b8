package com.microdrama.insights.experiment;

import com.microdrama.insights.experiment.ExperimentStatistics.Difference;
import com.microdrama.insights.experiment.ExperimentStatistics.Sample;
import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The tests of decision 0036 against numbers worked out by hand (or in any statistics textbook). */
class ExperimentStatisticsTest {

    @Test
    void theNormalCdfMatchesTheTablesToSevenDecimals() {
        assertEquals(0.5, ExperimentStatistics.normalCdf(0), 1e-7);
        assertEquals(0.8413447461, ExperimentStatistics.normalCdf(1), 1e-7);
        assertEquals(0.975, ExperimentStatistics.normalCdf(ExperimentStatistics.Z_975), 1e-7);
        assertEquals(0.0013498980, ExperimentStatistics.normalCdf(-3), 1e-7);
        assertEquals(0.9999997133, ExperimentStatistics.normalCdf(5), 1e-7);
        assertEquals(0.3173105079, ExperimentStatistics.twoSidedP(1), 1e-7);
        assertEquals(0.3173105079, ExperimentStatistics.twoSidedP(-1), 1e-7);
        assertEquals(5.733e-7, ExperimentStatistics.twoSidedP(5), 1e-9, "tails keep their relative precision");
    }

    @Test
    void twoHundredOfAThousandAgainstTwoHundredFiftyOfAThousandIsSignificantAtOnePercent() {
        // pooled p = 0.225, SE0 = sqrt(0.225 * 0.775 * 2 / 1000) = 0.018675, z = -0.05 / SE0
        Difference d = ExperimentStatistics.conversion(new Sample(1000, 250, 0, 0), new Sample(1000, 200, 0, 0));
        assertEquals(-0.05, d.difference(), 1e-12);
        assertEquals(-2.6774, d.statistic(), 1e-4);
        assertEquals(0.00742, d.pValue(), 1e-5);
        // unpooled SE = sqrt(0.25 * 0.75 / 1000 + 0.2 * 0.8 / 1000) = 0.018641
        assertEquals(-0.086536, d.low(), 1e-6);
        assertEquals(-0.013464, d.high(), 1e-6);
    }

    @Test
    void anArmThatConvertsLikeTheControlHasZeroDifferenceAndPOne() {
        Difference d = ExperimentStatistics.conversion(new Sample(500, 50, 0, 0), new Sample(800, 80, 0, 0));
        assertEquals(0, d.statistic(), 1e-12);
        assertEquals(1, d.pValue(), 1e-7);
    }

    @Test
    void withoutViewersOrWithoutAnyPayerThereIsNoTest() {
        Difference empty = ExperimentStatistics.conversion(new Sample(0, 0, 0, 0), new Sample(10, 1, 0, 0));
        assertNull(empty.statistic());
        assertNull(empty.pValue());
        assertNull(empty.low());
        Difference nobodyPaid = ExperimentStatistics.conversion(new Sample(10, 0, 0, 0), new Sample(10, 0, 0, 0));
        assertEquals(0, nobodyPaid.difference());
        assertNull(nobodyPaid.statistic(), "no spread: z would be 0 / 0");
        assertNull(nobodyPaid.pValue());
    }

    @Test
    void welchOnCoinsPerViewerFromSumAndSumOfSquares() {
        // control spends 0, 0, 60, 60: mean 30, variance 1200; arm spends 0, 60, 60, 120: mean 60, variance 2400
        // SE = sqrt(1200 / 4 + 2400 / 4) = 30, t = 30 / 30 = 1, p = 2 (1 - Φ(1)) = 0.31731
        Sample control = sample(0, 0, 60, 60);
        Sample arm = sample(0, 60, 60, 120);
        assertEquals(1200, control.variance(), 1e-9);
        assertEquals(2400, arm.variance(), 1e-9);
        Difference d = ExperimentStatistics.coinsPerViewer(control, arm);
        assertEquals(30, d.difference(), 1e-12);
        assertEquals(1, d.statistic(), 1e-12);
        assertEquals(0.3173105, d.pValue(), 1e-7);
        assertEquals(30 - 1.959964 * 30, d.low(), 1e-4);
        assertEquals(30 + 1.959964 * 30, d.high(), 1e-4);
    }

    @Test
    void theVarianceFromSumsIsExactWhereTwoLargeNumbersNearlyCancel() {
        // a hundred million viewers who spend 1000 or 1001 coins, half each: variance n / (4 (n - 1)) ≈ 0.25
        long n = 100_000_000;
        long coins = n / 2 * 1000 + n / 2 * 1001;
        long squares = n / 2 * 1_000_000 + n / 2 * 1_002_001;
        Double variance = new Sample(n, n, coins, squares).variance();
        assertEquals(0.25 * n / (n - 1), variance, 1e-12);
    }

    @Test
    void identicalSpendOrFewerThanTwoViewersGiveNoCoinsTest() {
        assertNull(ExperimentStatistics.coinsPerViewer(sample(60, 60), sample(60, 60, 60)).pValue(), "no spread");
        assertEquals(0, sample(60, 60).variance());
        Difference one = ExperimentStatistics.coinsPerViewer(sample(60), sample(0, 60));
        assertEquals(-30, one.difference(), 1e-12);
        assertNull(one.statistic());
    }

    /** An arm whose viewers spent {@code coins} each (a viewer who spent 0 is still a viewer). */
    private static Sample sample(long... coins) {
        return new Sample(coins.length, LongStream.of(coins).filter(c -> c > 0).count(), LongStream.of(coins).sum(),
                LongStream.of(coins).map(c -> c * c).sum());
    }
}
