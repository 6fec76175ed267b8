package com.microdrama.catalog.series;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EpisodePricingTest {

    @Test
    void freeEpisodeCostsNothingWhateverItsPrices() {
        assertEquals(0, EpisodePricing.effectivePrice(true, null, 60));
        assertEquals(0, EpisodePricing.effectivePrice(true, 120, 60));
    }

    @Test
    void paidEpisodeWithoutOwnPriceCostsTheSeriesDefault() {
        assertEquals(60, EpisodePricing.effectivePrice(false, null, 60));
    }

    @Test
    void episodePriceOverridesTheSeriesDefault() {
        assertEquals(120, EpisodePricing.effectivePrice(false, 120, 60));
    }

    @Test
    void paidEpisodeCostingNothingIsRefused() {
        assertThrows(IllegalStateException.class, () -> EpisodePricing.effectivePrice(false, 0, 60));
        assertThrows(IllegalStateException.class, () -> EpisodePricing.effectivePrice(false, null, 0));
    }

    @Test
    void theFirstFreeEpisodesAreFree() {
        org.junit.jupiter.api.Assertions.assertTrue(EpisodePricing.isFree(3, 3, null));
        org.junit.jupiter.api.Assertions.assertFalse(EpisodePricing.isFree(4, 3, null));
        org.junit.jupiter.api.Assertions.assertTrue(EpisodePricing.isFree(1, 3, 120));
    }

    @Test
    void anOwnPriceOfZeroMakesALaterEpisodeFree() {
        org.junit.jupiter.api.Assertions.assertTrue(EpisodePricing.isFree(9, 3, 0));
        org.junit.jupiter.api.Assertions.assertEquals(0, EpisodePricing.effectivePrice(EpisodePricing.isFree(9, 3, 0), 0, 60));
    }
}
