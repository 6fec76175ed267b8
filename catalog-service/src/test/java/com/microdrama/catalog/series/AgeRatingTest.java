package com.microdrama.catalog.series;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgeRatingTest {

    @Test
    void labelsAreAFixedSet() {
        assertEquals(List.of("all", "7+", "13+", "16+", "18+"), AgeRating.labels());
        assertEquals(Optional.of(AgeRating.SIXTEEN), AgeRating.fromLabel("16+"));
        assertEquals(Optional.empty(), AgeRating.fromLabel("21+"));
        assertEquals(Optional.empty(), AgeRating.fromLabel("PG-13"));
    }

    @Test
    void viewerBelowTheRatingIsRefused() {
        assertFalse(AgeRating.SIXTEEN.allows(OptionalInt.of(15)));
        assertFalse(AgeRating.EIGHTEEN.allows(OptionalInt.of(17)));
    }

    @Test
    void viewerAtOrAboveTheRatingIsAllowed() {
        assertTrue(AgeRating.SIXTEEN.allows(OptionalInt.of(16)));
        assertTrue(AgeRating.ALL.allows(OptionalInt.of(3)));
    }

    @Test
    void viewerOfUnknownAgeIsAllowed() {
        assertTrue(AgeRating.EIGHTEEN.allows(OptionalInt.empty()));
    }
}
