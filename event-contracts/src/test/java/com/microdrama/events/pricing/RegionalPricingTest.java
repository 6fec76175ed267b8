package com.microdrama.events.pricing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegionalPricingTest {

    @Test
    void baseTierKeepsThePrice() {
        assertEquals(60, RegionalPricing.apply(60, 100));
    }

    @Test
    void tierScalesAndRoundsUpToWholeCoins() {
        assertEquals(30, RegionalPricing.apply(60, 50));
        assertEquals(66, RegionalPricing.apply(131, 50));
        assertEquals(150, RegionalPricing.apply(100, 150));
    }

    @Test
    void aDiscountNeverMakesAPaidEpisodeFree() {
        assertEquals(1, RegionalPricing.apply(1, 1));
        assertEquals(1, RegionalPricing.apply(60, 1));
    }

    @Test
    void freeStaysFree() {
        assertEquals(0, RegionalPricing.apply(0, 300));
    }

    @Test
    void tiersOutsideTheAllowedRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RegionalPricing.apply(60, 0));
        assertThrows(IllegalArgumentException.class, () -> RegionalPricing.apply(60, 1001));
        assertThrows(IllegalArgumentException.class, () -> RegionalPricing.apply(-1, 100));
    }

    @Test
    void largestPricesDoNotOverflow() {
        assertEquals(100_000, RegionalPricing.apply(10_000, 1000));
    }
}
