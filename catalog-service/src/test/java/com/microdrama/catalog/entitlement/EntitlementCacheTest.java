package com.microdrama.catalog.entitlement;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntitlementCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final EntitlementCache cache = new EntitlementCache(Duration.ofSeconds(30), 1000);

    @Test
    void aYesIsRememberedUntilTheTimeToLiveEnds() {
        cache.rememberCheck("u", "US", new EntitlementCheck("e1", true, "episode-purchase", null), cache.ticket(), NOW);

        assertTrue(cache.allowed("u", "US", "e1", NOW.plusSeconds(29)).isPresent());
        assertFalse(cache.allowed("u", "US", "e1", NOW.plusSeconds(30)).isPresent());
        assertFalse(cache.allowed("other-user", "US", "e1", NOW).isPresent());
    }

    @Test
    void aNoIsNeverRemembered() {
        cache.rememberCheck("u", "US", new EntitlementCheck("e1", false, "none", null), cache.ticket(), NOW);

        assertFalse(cache.allowed("u", "US", "e1", NOW).isPresent());
    }

    @Test
    void aVipYesEndsWithTheVipWindow() {
        cache.rememberCheck("u", "US", new EntitlementCheck("e1", true, "vip", NOW.plusSeconds(5)), cache.ticket(), NOW);

        assertTrue(cache.allowed("u", "US", "e1", NOW.plusSeconds(4)).isPresent());
        assertFalse(cache.allowed("u", "US", "e1", NOW.plusSeconds(5)).isPresent());
    }

    @Test
    void anEntitlementEventOfTheUserDropsEverythingCachedForThem() {
        cache.rememberCheck("u", "US", new EntitlementCheck("e1", true, "episode-purchase", null), cache.ticket(), NOW);
        cache.rememberSeries("u", "US", series(true), cache.ticket(), NOW);
        cache.rememberCheck("v", "US", new EntitlementCheck("e1", true, "episode-purchase", null), cache.ticket(), NOW);

        cache.invalidate("u");

        assertFalse(cache.allowed("u", "US", "e1", NOW).isPresent());
        assertFalse(cache.series("u", "US", "s", NOW).isPresent());
        assertTrue(cache.allowed("v", "US", "e1", NOW).isPresent());
    }

    @Test
    void aRegionPromoEventDropsEveryonesAnswersAndAnswersAskedForBeforeIt() {
        long ticket = cache.ticket();
        cache.rememberCheck("u", "US", new EntitlementCheck("e1", true, "episode-purchase", null), ticket, NOW);
        cache.rememberSeries("v", "US", series(false), ticket, NOW);

        cache.invalidateAll();
        cache.rememberSeries("w", "US", series(false), ticket, NOW);

        assertFalse(cache.allowed("u", "US", "e1", NOW).isPresent());
        assertFalse(cache.series("v", "US", "s", NOW).isPresent());
        assertFalse(cache.series("w", "US", "s", NOW).isPresent());
    }

    @Test
    void anAnswerAskedForBeforeAnInvalidationIsNotStored() {
        long ticket = cache.ticket();
        cache.invalidate("u");

        cache.rememberCheck("u", "US", new EntitlementCheck("e1", true, "episode-purchase", null), ticket, NOW);
        cache.rememberSeries("u", "US", series(false), ticket, NOW);

        assertFalse(cache.allowed("u", "US", "e1", NOW).isPresent());
        assertFalse(cache.series("u", "US", "s", NOW).isPresent());
    }

    @Test
    void aSeriesAnswerIsKeptWithItsLockedRowsAndAnswersSingleChecksForItsAllowedRows() {
        cache.rememberSeries("u", "US", series(true), cache.ticket(), NOW);

        assertEquals(series(true), cache.series("u", "US", "s", NOW).orElseThrow());
        assertEquals("episode-purchase", cache.allowed("u", "US", "e1", NOW).orElseThrow().reason());
        assertFalse(cache.allowed("u", "US", "e2", NOW).isPresent(), "a locked row is asked again for playback");
    }

    @Test
    void aSeriesAnswerEndsWithItsEarliestTimeBoundedGrant() {
        SeriesEntitlements answer = new SeriesEntitlements("s", List.of(
                new SeriesEntitlements.EpisodeEntitlement("e1", true, "vip", NOW.plusSeconds(3)),
                new SeriesEntitlements.EpisodeEntitlement("e2", false, "none", null)));
        cache.rememberSeries("u", "US", answer, cache.ticket(), NOW);

        assertTrue(cache.series("u", "US", "s", NOW.plusSeconds(2)).isPresent());
        assertFalse(cache.series("u", "US", "s", NOW.plusSeconds(3)).isPresent());
    }

    @Test
    void anAnswerHoldsOnlyInTheRegionItWasAskedIn() {
        // a region promo may open e1 in DE and not in US: a viewer who travels is asked again
        cache.rememberCheck("u", "DE", new EntitlementCheck("e1", true, "region-promo", null), cache.ticket(), NOW);
        cache.rememberSeries("u", "DE", series(true), cache.ticket(), NOW);

        assertFalse(cache.allowed("u", "US", "e1", NOW).isPresent());
        assertFalse(cache.series("u", "US", "s", NOW).isPresent());
        assertTrue(cache.allowed("u", "DE", "e1", NOW).isPresent());

        cache.rememberCheck("u", "US", new EntitlementCheck("e2", true, "episode-purchase", null), cache.ticket(), NOW);
        assertFalse(cache.allowed("u", "DE", "e1", NOW).isPresent(), "one region's entries at a time per viewer");
        assertTrue(cache.allowed("u", "US", "e2", NOW).isPresent());
    }

    private static SeriesEntitlements series(boolean firstAllowed) {
        return new SeriesEntitlements("s", List.of(
                new SeriesEntitlements.EpisodeEntitlement("e1", firstAllowed, firstAllowed ? "episode-purchase" : "none"),
                new SeriesEntitlements.EpisodeEntitlement("e2", false, "none")));
    }
}
