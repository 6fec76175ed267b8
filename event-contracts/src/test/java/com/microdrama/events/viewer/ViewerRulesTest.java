package com.microdrama.events.viewer;

import com.microdrama.events.pricing.SeriesUnlockPrice;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewerRulesTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);

    @Test
    void anUnknownAgeMayWatchUpTo13PlusButNeeds_verificationFor16PlusAnd18Plus() {
        assertEquals(AgeRating.Access.ALLOWED, AgeRating.THIRTEEN.access(OptionalInt.empty()));
        assertEquals(AgeRating.Access.AGE_UNKNOWN, AgeRating.SIXTEEN.access(OptionalInt.empty()));
        assertEquals(AgeRating.Access.AGE_UNKNOWN, AgeRating.EIGHTEEN.access(OptionalInt.empty()));
        assertEquals(AgeRating.Access.TOO_YOUNG, AgeRating.SIXTEEN.access(OptionalInt.of(12)));
        assertEquals(AgeRating.Access.ALLOWED, AgeRating.SIXTEEN.access(OptionalInt.of(16)));
        assertFalse(AgeRating.EIGHTEEN.allows(OptionalInt.of(17)));
    }

    @Test
    void anUnreadableRatingCountsAsTheStrictest() {
        assertEquals(AgeRating.EIGHTEEN, AgeRating.ofLabelOrStrictest("PG-13"));
        assertEquals(AgeRating.EIGHTEEN, AgeRating.ofLabelOrStrictest(null));
        assertEquals(AgeRating.SEVEN, AgeRating.ofLabelOrStrictest("7+"));
    }

    @Test
    void theAgeComesFromTheBirthdateAndIsUnknownWhenItCannotBeRead() {
        assertEquals(OptionalInt.of(12), ViewerAge.fromBirthdate("2014-06-01", TODAY));
        assertEquals(OptionalInt.of(12), ViewerAge.fromBirthdate("\"2014-06-01\"", TODAY));
        assertEquals(OptionalInt.empty(), ViewerAge.fromBirthdate(null, TODAY));
        assertEquals(OptionalInt.empty(), ViewerAge.fromBirthdate("", TODAY));
        assertEquals(OptionalInt.empty(), ViewerAge.fromBirthdate("0000-03-01", TODAY));
        assertEquals(OptionalInt.empty(), ViewerAge.fromBirthdate("2030-01-01", TODAY));
        assertEquals(OptionalInt.empty(), ViewerAge.fromBirthdate("first of may", TODAY));
        assertEquals(OptionalInt.of(25), ViewerAge.fromBirthdate("2000", TODAY));
    }

    @Test
    void theTokensRegionWinsThenTheGatewaysCountryThenTheDefault() {
        assertEquals("BR", ViewerRegion.resolve("br", "DE"));
        assertEquals("DE", ViewerRegion.resolve(null, "de"));
        assertEquals("DE", ViewerRegion.resolve("XX", "DE"));
        assertEquals("US", ViewerRegion.resolve(null, null));
        assertEquals("US", ViewerRegion.resolve(null, "not a country"));
    }

    @Test
    void aSeriesWithoutRegionsIsEverywhereAndOtherwiseOnlyWhereListed() {
        assertTrue(ViewerRegion.isAvailable(List.of(), "DE"));
        assertTrue(ViewerRegion.isAvailable(null, "DE"));
        assertTrue(ViewerRegion.isAvailable(List.of("US", "DE"), "de"));
        assertFalse(ViewerRegion.isAvailable(List.of("US"), "DE"));
        assertFalse(ViewerRegion.isAvailable(List.of("US"), null));
    }

    @Test
    void aSeriesUnlockCostsTheBundleOrWhatIsStillLockedWhicheverIsLess() {
        assertEquals(900, SeriesUnlockPrice.of(900, List.of(100, 100, 100, 100, 100, 100, 100, 100, 100, 100)));
        assertEquals(680, SeriesUnlockPrice.of(900, List.of(80, 100, 100, 100, 100, 100, 100)));
        assertEquals(0, SeriesUnlockPrice.of(900, List.of()));
    }
}
