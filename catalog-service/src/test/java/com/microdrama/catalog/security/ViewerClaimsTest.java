package com.microdrama.catalog.security;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ViewerClaimsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Test
    void ageClaimWins() {
        assertEquals(OptionalInt.of(15), ViewerClaims.age(15, "1990-01-01", TODAY));
        assertEquals(OptionalInt.of(15), ViewerClaims.age("\"15\"", null, TODAY));
    }

    @Test
    void birthdateGivesAgeInCompletedYears() {
        assertEquals(OptionalInt.of(16), ViewerClaims.age(null, "2010-11-24", TODAY));
        assertEquals(OptionalInt.of(15), ViewerClaims.age(null, "2010-11-25", TODAY));
    }

    @Test
    void yearOnlyBirthdateAssumesTheYoungestPossibleAge() {
        assertEquals(OptionalInt.of(15), ViewerClaims.age(null, "2010", TODAY));
    }

    @Test
    void missingWithheldOrMalformedBirthdateMeansUnknownAge() {
        assertEquals(OptionalInt.empty(), ViewerClaims.age(null, null, TODAY));
        assertEquals(OptionalInt.empty(), ViewerClaims.age(null, "0000-05-01", TODAY));
        assertEquals(OptionalInt.empty(), ViewerClaims.age(null, "yesterday", TODAY));
        assertEquals(OptionalInt.empty(), ViewerClaims.age("old", "2030-01-01", TODAY));
    }

    @Test
    void firstValidRegionClaimIsUsed() {
        assertEquals(Optional.of("BR"), ViewerClaims.region(null, "br", "US"));
        assertEquals(Optional.of("US"), ViewerClaims.region("Brazil", null, "\"US\""));
        assertEquals(Optional.empty(), ViewerClaims.region(null, null, null));
    }
}
