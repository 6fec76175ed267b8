package com.microdrama.events.experiment;

import com.microdrama.events.payload.SeriesUpdated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaywallExperimentTest {
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    private static final PaywallExperiment FIVE_OR_EIGHT = new PaywallExperiment("exp-five-or-eight", AT, List.of(
            new PaywallVariant("five-free", 30, null, null),
            new PaywallVariant("eight-free", 70, 8, 60)));

    @Test
    void aUserGetsTheSameVariantEveryTimeAndTheSharesFollowTheWeights() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String user = "user-" + i;
            PaywallVariant variant = FIVE_OR_EIGHT.variantFor(user);
            assertEquals(variant, FIVE_OR_EIGHT.variantFor(user));
            counts.merge(variant.name(), 1, Integer::sum);
        }
        // 70 % of 20,000 with a binomial standard deviation of ~65: ±3 % is more than 9 deviations
        int eight = counts.get("eight-free");
        assertTrue(eight > 13_400 && eight < 14_600, "eight-free got " + eight + " of 20,000");
    }

    @Test
    void theBucketIsAFixedFunctionOfExperimentAndUserSoEveryServiceAgrees() {
        // pinned: a change to the hash would move every running experiment's viewers between arms
        assertEquals(PaywallExperiment.bucketOf("exp-1", "user-1"), PaywallExperiment.bucketOf("exp-1", "user-1"));
        int[] buckets = {PaywallExperiment.bucketOf("exp-1", "user-1"), PaywallExperiment.bucketOf("exp-2", "user-1")};
        int moved = 0;
        for (int i = 0; i < 100; i++) {
            if (PaywallExperiment.bucketOf("exp-1", "u" + i) != PaywallExperiment.bucketOf("exp-2", "u" + i)) {
                moved++;
            }
        }
        assertTrue(moved > 80, "assignments of two experiments should be independent, " + moved + " of 100 differ");
        assertTrue(buckets[0] >= 0 && buckets[0] < 100 && buckets[1] >= 0 && buckets[1] < 100);
    }

    @Test
    void aVariantGivesFreeEpisodesAndSetsThePriceButNeverTakesAnEpisodeAway() {
        SeriesUpdated series = new SeriesUpdated("s-1", 60, 5, 900, true, Map.of(), List.of(), "all", FIVE_OR_EIGHT);
        String eightUser = userIn("eight-free");
        String fiveUser = userIn("five-free");
        assertTrue(series.episodeFreeFor(eightUser, 8, false));
        assertFalse(series.episodeFreeFor(eightUser, 9, false));
        assertEquals(60, series.episodePriceFor(eightUser, 80));
        assertFalse(series.episodeFreeFor(fiveUser, 6, false));
        assertEquals(80, series.episodePriceFor(fiveUser, 80));
        assertFalse(series.episodeFreeFor(null, 6, false), "a viewer who did not sign in sees the series' own offer");
        // what the catalog made free (its first episodes, a promotional one later) stays free in every arm
        assertTrue(series.episodeFreeFor(fiveUser, 40, true));
        assertTrue(series.episodeFreeFor(eightUser, 40, true));
        SeriesUpdated without = new SeriesUpdated("s-1", 60, 5, 900, true, Map.of(), List.of(), "all");
        assertFalse(without.episodeFreeFor(eightUser, 6, false));
        assertEquals(80, without.episodePriceFor(eightUser, 80));
    }

    @Test
    void theRulesNameWhatIsWrong() {
        assertNull(FIVE_OR_EIGHT.violation());
        assertNull(FIVE_OR_EIGHT.offerViolation(5, 60));
        assertTrue(withVariants(new PaywallVariant("A", 100, null, null)).violation().contains("2..10 variants"));
        assertTrue(withVariants(new PaywallVariant("A", 50, null, null), new PaywallVariant("A", 50, 8, null))
                .violation().contains("used twice"));
        assertTrue(withVariants(new PaywallVariant("A", 0, null, null), new PaywallVariant("B", 100, 8, null))
                .violation().contains("weightPercent"));
        assertTrue(withVariants(new PaywallVariant("A", 50, -1, null), new PaywallVariant("B", 50, 8, null))
                .violation().contains("freeEpisodes"));
        assertTrue(FIVE_OR_EIGHT.offerViolation(9, 60).contains("never take them away"));
        assertTrue(FIVE_OR_EIGHT.offerViolation(5, 7).contains("episode count (7)"));
    }

    private static PaywallExperiment withVariants(PaywallVariant... variants) {
        return new PaywallExperiment("exp", AT, List.of(variants));
    }

    private static String userIn(String variant) {
        for (int i = 0; ; i++) {
            if (FIVE_OR_EIGHT.variantFor("user-" + i).name().equals(variant)) {
                assertNotEquals(null, variant);
                return "user-" + i;
            }
        }
    }
}
