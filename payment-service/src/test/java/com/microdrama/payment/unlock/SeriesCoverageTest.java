package com.microdrama.payment.unlock;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.payment.catalog.CatalogEpisode;
import com.microdrama.payment.catalog.ViewerOffer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

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
    void inAnArmTheEpisodesItGivesAreNotPaidAndTheOthersCostItsPrice() {
        PaywallVariant eightAt60 = new PaywallVariant("eight-at-60", 50, 8, 60);
        PaywallExperiment experiment = new PaywallExperiment("exp-cov", Instant.EPOCH,
                List.of(new PaywallVariant("control", 50, null, null), eightAt60));
        String user = IntStream.range(0, 10_000).mapToObj(n -> "user-" + n)
                .filter(u -> experiment.variantFor(u).equals(eightAt60)).findFirst().orElseThrow();
        List<CatalogEpisode> episodes = IntStream.rangeClosed(4, 12).mapToObj(n -> episode(n, 100)).toList();

        List<SeriesCoverage.PaidEpisode> paid = SeriesCoverage.paidFor(ViewerOffer.of(experiment, user, 50), episodes);
        // episodes 9..12 stay paid, at 60 x 50 %
        assertEquals(List.of(new SeriesCoverage.PaidEpisode("ep-9", 30), new SeriesCoverage.PaidEpisode("ep-10", 30),
                new SeriesCoverage.PaidEpisode("ep-11", 30), new SeriesCoverage.PaidEpisode("ep-12", 30)), paid);
        // bundle 900 x 50 %; one owned, one answered free by entitlement-service (an earlier exposure): 2 x 30
        assertEquals(60, SeriesCoverage.price(450, paid, Set.of("ep-9"), Set.of("ep-10"), false));
        // outside the experiment every catalog-paid episode is paid at the catalog's price
        assertEquals(450, SeriesCoverage.price(450, SeriesCoverage.paidFor(ViewerOffer.catalogOnly(50), episodes),
                Set.of(), Set.of(), false));
    }

    private static CatalogEpisode episode(int number, int priceCoins) {
        CatalogEpisode e = new CatalogEpisode();
        e.episodeId = "ep-" + number;
        e.number = number;
        e.priceCoins = priceCoins;
        e.published = true;
        return e;
    }

    @Test
    void aSupersededEpisodeUnlockIsNotRefundableOnItsOwn() {
        assertEquals(SeriesCoverage.RefundDecision.REFUND, SeriesCoverage.refundOf(ContentUnlock.Status.ACTIVE));
        assertEquals(SeriesCoverage.RefundDecision.SUPERSEDED, SeriesCoverage.refundOf(ContentUnlock.Status.SUPERSEDED));
        assertEquals(SeriesCoverage.RefundDecision.ALREADY_REFUNDED, SeriesCoverage.refundOf(ContentUnlock.Status.REFUNDED));
    }
}
