package com.microdrama.catalog.experiment;

import com.microdrama.catalog.series.EpisodeView;
import com.microdrama.catalog.series.PlayableEpisode;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewerOfferTest {
    private static final PaywallExperiment EXPERIMENT = new PaywallExperiment("exp-1", Instant.EPOCH, List.of(
            new PaywallVariant("control", 50, null, null), new PaywallVariant("cheap-and-generous", 50, 4, 40)));

    @Test
    void theArmMakesItsFirstEpisodesFreeAndPricesTheRestAtItsPriceInTheViewersTier() {
        ViewerOffer offer = ViewerOffer.of(EXPERIMENT, userIn("cheap-and-generous"), 50);
        List<EpisodeView> page = offer.apply(List.of(episode(1, true, 0), episode(3, false, 30),
                episode(4, false, 30), episode(5, false, 30), episode(6, true, 0)));
        assertEquals(List.of(true, true, true, false, true), page.stream().map(EpisodeView::free).toList());
        // 40 coins at a 50 % tier is 20, whatever the catalog's own price in the region was
        assertEquals(List.of(0, 0, 0, 20, 0), page.stream().map(EpisodeView::priceCoins).toList());
        assertEquals("exp-1", offer.experimentId());
        assertEquals("cheap-and-generous", offer.variantName());
    }

    @Test
    void aPaidEpisodeInPlaybackKeepsItsCatalogFreeFlagSoEntitlementServiceIsAskedAndRemembersTheArm() {
        ViewerOffer offer = ViewerOffer.of(EXPERIMENT, userIn("cheap-and-generous"), 100);
        PlayableEpisode third = new PlayableEpisode("e3", "s", 3, "v", false, 60, 300, "S");
        PlayableEpisode offered = offer.apply(third);
        assertFalse(offered.free());
        assertEquals(40, offered.priceCoins());
        assertTrue(offer.free(3, false));
    }

    @Test
    void theControlArmAndAViewerWhoDidNotSignInSeeTheSeriesOwnOffer() {
        List<EpisodeView> page = List.of(episode(3, false, 60));
        ViewerOffer control = ViewerOffer.of(EXPERIMENT, userIn("control"), 100);
        assertEquals(List.of(60), control.apply(page).stream().map(EpisodeView::priceCoins).toList());
        assertFalse(control.free(3, false));
        assertEquals("control", control.variantName());
        ViewerOffer anonymous = ViewerOffer.of(EXPERIMENT, null, 100);
        assertSame(page, anonymous.apply(page));
        assertNull(anonymous.experimentId());
        assertSame(ViewerOffer.none(), ViewerOffer.of(null, "someone", 100));
    }

    private static EpisodeView episode(int number, boolean free, int price) {
        return new EpisodeView("e" + number, number, "Episode " + number, 60, free, price, null, null);
    }

    private static String userIn(String variant) {
        for (int i = 0; ; i++) {
            if (EXPERIMENT.variantFor("user-" + i).name().equals(variant)) {
                return "user-" + i;
            }
        }
    }
}
