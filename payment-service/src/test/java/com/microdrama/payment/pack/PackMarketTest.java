package com.microdrama.payment.pack;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackMarketTest {
    private static final Set<String> MARKETS = Set.of("US", "DE");

    @Test
    void aBuyerShopsInTheirOwnMarketOrTheDefaultOneWhenTheirsHasNoPacks() {
        assertEquals("DE", PackMarket.of("DE", MARKETS));
        assertEquals("US", PackMarket.of("FR", MARKETS));
        assertEquals("US", PackMarket.of(null, MARKETS));
    }

    @Test
    void aPackIsOnSaleInItsOwnMarketAndAGlobalPackEverywhere() {
        assertTrue(PackMarket.onSale("DE", "DE"));
        assertFalse(PackMarket.onSale("DE", "US"));
        assertTrue(PackMarket.onSale(null, "US"));
    }
}
