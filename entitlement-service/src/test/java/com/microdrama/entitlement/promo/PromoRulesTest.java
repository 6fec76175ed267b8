package com.microdrama.entitlement.promo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromoRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant NEXT_WEEK = NOW.plus(Duration.ofDays(7));

    private static List<String> fields(List<Map<String, String>> violations) {
        return violations.stream().map(v -> v.get("field")).toList();
    }

    @Test
    void isoRegionsAndAFutureWindowAreValid() {
        assertTrue(PromoRules.check(List.of("BR", "PT"), NOW.minus(Duration.ofHours(1)), NEXT_WEEK, NOW).isEmpty());
        assertTrue(PromoRules.check(List.of("US"), null, NEXT_WEEK, NOW).isEmpty(), "validFrom defaults to now");
        assertTrue(PromoRules.check(List.of("US"), NOW.plus(Duration.ofDays(1)), NEXT_WEEK, NOW).isEmpty(), "scheduled");
    }

    @Test
    void aRegionThatIsNoCountryOrIsListedTwiceIsNamedByItsIndex() {
        assertEquals(List.of("regions[1]"), fields(PromoRules.check(List.of("BR", "ZZ"), null, NEXT_WEEK, NOW)));
        assertEquals(List.of("regions[2]"), fields(PromoRules.check(List.of("BR", "PT", "BR"), null, NEXT_WEEK, NOW)));
    }

    @Test
    void malformedRegionsAreLeftToBeanValidation() {
        assertTrue(PromoRules.check(List.of("br", "BRA"), null, NEXT_WEEK, NOW).isEmpty());
    }

    @Test
    void anEmptyOrInvertedWindowIsRejected() {
        assertEquals(List.of("validUntil"), fields(PromoRules.check(List.of("BR"), NEXT_WEEK, NEXT_WEEK, NOW)));
        assertEquals(List.of("validUntil"), fields(PromoRules.check(List.of("BR"), NEXT_WEEK, NOW.plusSeconds(60), NOW)));
    }

    @Test
    void aWindowThatHasAlreadyEndedIsRejected() {
        List<Map<String, String>> v = PromoRules.check(List.of("BR"), NOW.minus(Duration.ofDays(3)),
                NOW.minus(Duration.ofDays(1)), NOW);
        assertEquals(List.of("validUntil"), fields(v));
        assertEquals("must be in the future", v.get(0).get("message"));
    }
}
