package com.microdrama.payment.unlock;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeriesCoverageTest {
    // episodes 4..12 of a series at 100 coins each, bundle 900
    private static final List<SeriesCoverage.PaidEpisode> PAID = java.util.stream.IntStream.rangeClosed(4, 12)
            .mapToObj(n -> new SeriesCoverage.PaidEpisode("ep-" + n, 100)).toList();

    @Test
    void withNothingOpenTheBundlePriceIsCharged() {
        assertEquals(900, SeriesCoverage.price(900, PAID, Set.of(), Set.of(), false));
    }

    @Test
    void ownedAndGrantedEpisodesLowerThePriceToTheLockedSumWhenThatIsLess() {
        assertEquals(800, SeriesCoverage.price(900, PAID, Set.of("ep-4"), Set.of(), false));
        assertEquals(600, SeriesCoverage.price(900, PAID, Set.of("ep-4", "ep-5"), Set.of("ep-6"), false));
        // a bundle cheaper than what is left still wins
        assertEquals(500, SeriesCoverage.price(500, PAID, Set.of("ep-4"), Set.of(), false));
    }

    @Test
    void liveVipOrEverythingOpenLeavesNothingToSell() {
        assertEquals(0, SeriesCoverage.price(900, PAID, Set.of(), Set.of(), true));
        Set<String> all = Set.copyOf(PAID.stream().map(SeriesCoverage.PaidEpisode::episodeId).toList());
        assertEquals(0, SeriesCoverage.price(900, PAID, all, Set.of(), false));
    }

    @Test
    void aSupersededEpisodeUnlockIsNotRefundableOnItsOwn() {
        assertEquals(SeriesCoverage.RefundDecision.REFUND, SeriesCoverage.refundOf(ContentUnlock.Status.ACTIVE));
        assertEquals(SeriesCoverage.RefundDecision.SUPERSEDED, SeriesCoverage.refundOf(ContentUnlock.Status.SUPERSEDED));
        assertEquals(SeriesCoverage.RefundDecision.ALREADY_REFUNDED, SeriesCoverage.refundOf(ContentUnlock.Status.REFUNDED));
    }
}
