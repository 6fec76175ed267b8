package com.microdrama.payment.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.events.payload.SeriesUpdated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewerOfferTest {
    // the decision record's example: the series gives 3 free at 100; "five-at-80" against "eight-at-60"
    private static final PaywallVariant CONTROL = new PaywallVariant("control", 34, null, null);
    private static final PaywallVariant FIVE_AT_80 = new PaywallVariant("five-at-80", 33, 5, 80);
    private static final PaywallVariant EIGHT_AT_60 = new PaywallVariant("eight-at-60", 33, 8, 60);
    private static final PaywallExperiment EXPERIMENT = new PaywallExperiment("exp-1",
            Instant.parse("2026-12-01T00:00:00Z"), List.of(CONTROL, FIVE_AT_80, EIGHT_AT_60));

    /** The first user id of the form user-N that the experiment puts in {@code variant}. */
    private static String userIn(PaywallVariant variant) {
        return IntStream.range(0, 10_000).mapToObj(n -> "user-" + n)
                .filter(u -> EXPERIMENT.variantFor(u).equals(variant))
                .findFirst().orElseThrow();
    }

    @Test
    void withoutAnExperimentTheCatalogsFlagAndPriceDecideAtTheRegionsTier() {
        ViewerOffer offer = ViewerOffer.of(null, "user-1", 50);
        assertNull(offer.experimentId());
        assertNull(offer.variantName());
        assertTrue(offer.isFree(2, true, 0));
        // the catalog's flag decides, not the episode's number
        assertEquals(OptionalInt.of(50), offer.priceOf(2, false, 100));
        assertEquals(OptionalInt.of(38), offer.priceOf(7, false, 75), "75 x 50 % rounds up like RegionalPricing");
        assertEquals(OptionalInt.empty(), offer.priceOf(7, false, 0), "an episode without a price is free");
        assertEquals(450, offer.bundlePrice(900));
    }

    @Test
    void anArmGivingMoreFreeEpisodesMakesThemFreeAndChargesItsOwnPriceForTheRest() {
        String user = userIn(EIGHT_AT_60);
        ViewerOffer offer = ViewerOffer.of(EXPERIMENT, user, 100);
        assertEquals("exp-1", offer.experimentId());
        assertEquals("eight-at-60", offer.variantName());
        assertEquals(OptionalInt.empty(), offer.priceOf(7, false, 100));
        assertEquals(OptionalInt.empty(), offer.priceOf(8, false, 100));
        assertEquals(OptionalInt.of(60), offer.priceOf(9, false, 100));
        assertEquals(OptionalInt.of(60), offer.priceOf(12, false, 250), "the arm prices every paid episode");
        assertEquals(60, offer.basePrice(100));
    }

    @Test
    void theControlArmPaysTheCatalogsPricesAndGetsNoMoreFreeEpisodes() {
        ViewerOffer offer = ViewerOffer.of(EXPERIMENT, userIn(CONTROL), 100);
        assertEquals("control", offer.variantName());
        assertEquals(OptionalInt.of(100), offer.priceOf(7, false, 100));
        assertEquals(OptionalInt.of(100), offer.priceOf(4, false, 100));
    }

    @Test
    void theRegionalTierAppliesOnTopOfTheArmsPriceAndTheBundleKeepsItsPrice() {
        ViewerOffer offer = ViewerOffer.of(EXPERIMENT, userIn(FIVE_AT_80), 150);
        assertEquals(OptionalInt.empty(), offer.priceOf(5, false, 100));
        assertEquals(OptionalInt.of(120), offer.priceOf(6, false, 100));
        assertEquals(1350, offer.bundlePrice(900));
    }

    @Test
    void anEpisodeTheCatalogMadeFreeStaysFreeInEveryArm() {
        for (PaywallVariant variant : EXPERIMENT.variants()) {
            ViewerOffer offer = ViewerOffer.of(EXPERIMENT, userIn(variant), 100);
            assertTrue(offer.isFree(20, true, 0), variant.name());
            assertFalse(offer.isFree(20, false, 100), variant.name());
        }
    }

    @Test
    void itAgreesWithTheSharedSeriesHelpersCatalogServiceUses() {
        SeriesUpdated series = new SeriesUpdated("s", 20, 3, 900, true, java.util.Map.of(), List.of(), null, EXPERIMENT);
        for (int n = 0; n < 300; n++) {
            String user = "viewer-" + n;
            ViewerOffer offer = ViewerOffer.of(EXPERIMENT, user, 100);
            assertEquals(series.variantFor(user).orElseThrow().name(), offer.variantName(), user);
            for (int episode = 1; episode <= 20; episode++) {
                boolean catalogFree = episode <= 3;
                assertEquals(series.episodeFreeFor(user, episode, catalogFree),
                        offer.isFree(episode, catalogFree, catalogFree ? 0 : 100), user + " episode " + episode);
                if (!catalogFree) {
                    assertEquals(series.priceIn(null, series.episodePriceFor(user, 100)), offer.price(100));
                }
            }
        }
    }

    @Test
    void anArmWithoutAnExperimentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ViewerOffer(null, CONTROL, 100));
        assertThrows(IllegalArgumentException.class, () -> new ViewerOffer("exp-1", null, 100));
    }

    @Test
    void theStoredExperimentReadsBackAsTheEventCarriedIt() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        CatalogPrices prices = new CatalogPrices(json);
        CatalogSeries series = new CatalogSeries();
        series.seriesId = "s";
        series.experiment = prices.experimentJson(EXPERIMENT);
        assertEquals(EXPERIMENT, prices.experimentOf(series));
        series.experiment = prices.experimentJson(null);
        assertNull(prices.experimentOf(series));
    }
}
