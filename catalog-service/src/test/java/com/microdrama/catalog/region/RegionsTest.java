package com.microdrama.catalog.region;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegionsTest {

    @Test
    void onlyAssignedAlpha2CodesAreRegions() {
        assertTrue(Regions.isIsoCode("US"));
        assertTrue(Regions.isIsoCode("BR"));
        assertFalse(Regions.isIsoCode("XX"));
        assertFalse(Regions.isIsoCode("USA"));
        assertFalse(Regions.isIsoCode("us"));
        assertEquals(Optional.of("US"), Regions.normalize(" us "));
        assertEquals(Optional.empty(), Regions.normalize("zz"));
    }

    @Test
    void seriesWithoutRegionsIsAvailableEverywhere() {
        assertTrue(Regions.isAvailable(new String[0], "JP"));
        assertTrue(Regions.isAvailable(null, "JP"));
    }

    @Test
    void seriesWithRegionsIsAvailableOnlyThere() {
        String[] regions = {"BR", "PT"};
        assertTrue(Regions.isAvailable(regions, "BR"));
        assertFalse(Regions.isAvailable(regions, "US"));
    }
}
