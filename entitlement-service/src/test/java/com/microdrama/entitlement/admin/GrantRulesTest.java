package com.microdrama.entitlement.admin;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private static List<String> fields(List<GrantRules.Violation> violations) {
        return violations.stream().map(GrantRules.Violation::field).toList();
    }

    @Test
    void anEpisodeGrantNamingOnlyItsEpisodeIsValid() {
        assertTrue(GrantRules.check("episode", "ep-1", null, null, null, NOW).isEmpty());
    }

    @Test
    void aSeriesGrantWithAWindowIsValid() {
        assertTrue(GrantRules.check("series", null, "s-1", NOW, NOW.plus(Duration.ofDays(1)), NOW).isEmpty());
    }

    @Test
    void anEpisodeGrantNeedsItsEpisodeAndNoSeries() {
        assertEquals(List.of("episodeId"), fields(GrantRules.check("episode", null, null, null, null, NOW)));
        assertEquals(List.of("episodeId", "seriesId"), fields(GrantRules.check("episode", " ", "s-1", null, null, NOW)));
        assertEquals(List.of("seriesId"), fields(GrantRules.check("episode", "ep-1", "s-1", null, null, NOW)));
    }

    @Test
    void aSeriesGrantNeedsItsSeriesAndNoEpisode() {
        assertEquals(List.of("seriesId"), fields(GrantRules.check("series", null, null, null, null, NOW)));
        assertEquals(List.of("episodeId"), fields(GrantRules.check("series", "ep-1", "s-1", null, null, NOW)));
    }

    @Test
    void theWindowMustNotBeEmptyOrBackwards() {
        assertEquals(List.of("validUntil"), fields(GrantRules.check("series", null, "s", NOW, NOW, NOW)));
        assertEquals(List.of("validUntil"), fields(GrantRules.check("series", null, "s", NOW, NOW.minusSeconds(1), NOW)));
    }

    @Test
    void withoutValidFromTheWindowStartsNow() {
        assertEquals(List.of("validUntil"), fields(GrantRules.check("episode", "e", null, null, NOW.minusSeconds(60), NOW)));
        assertTrue(GrantRules.check("episode", "e", null, null, NOW.plusSeconds(60), NOW).isEmpty());
    }
}
