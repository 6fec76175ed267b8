package com.microdrama.payment.catalog;

import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.SeriesUpdated;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PriceTiersTest {

    @Test
    void keepsValidTiersWithRegionsUpperCased() {
        assertEquals(Map.of("IN", 50, "CH", 150), CatalogEventsConsumer.validTiers(Map.of("in", 50, "CH", 150)));
        assertEquals(Map.of(), CatalogEventsConsumer.validTiers(new SeriesUpdated("s", 1, 0, 10, true).regionalPricePercent()));
    }

    @Test
    void aTierThatCouldNotBeChargedMakesTheEventUnreadable() {
        assertThrows(InvalidEventException.class, () -> CatalogEventsConsumer.validTiers(Map.of("IND", 50)));
        assertThrows(InvalidEventException.class, () -> CatalogEventsConsumer.validTiers(Map.of("IN", 0)));
        assertThrows(InvalidEventException.class, () -> CatalogEventsConsumer.validTiers(Map.of("IN", 1001)));
        Map<String, Integer> nullPercent = new HashMap<>();
        nullPercent.put("IN", null);
        assertThrows(InvalidEventException.class, () -> CatalogEventsConsumer.validTiers(nullPercent));
        assertThrows(InvalidEventException.class, () -> CatalogEventsConsumer.validTiers(Map.of("in", 50, "IN", 60)));
    }
}
