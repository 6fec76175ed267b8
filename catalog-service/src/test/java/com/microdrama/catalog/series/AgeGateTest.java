package com.microdrama.catalog.series;

import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgeGateTest {

    @Test
    void aTwelveYearOldSeesOnlySeriesRatedUpToSeven() {
        assertEquals(List.of("all", "7+"), AgeGate.visibleRatings(OptionalInt.of(12)));
    }

    @Test
    void theRatingsAgeIsIncluded() {
        assertEquals(List.of("all", "7+", "13+"), AgeGate.visibleRatings(OptionalInt.of(13)));
        assertEquals(List.of("all", "7+", "13+", "16+", "18+"), AgeGate.visibleRatings(OptionalInt.of(18)));
    }

    @Test
    void aSmallChildStillSeesSeriesForEveryone() {
        assertEquals(List.of("all"), AgeGate.visibleRatings(OptionalInt.of(0)));
    }

    @Test
    void aViewerOfUnknownAgeSeesNothingRated16OrAbove() {
        assertEquals(List.of("all", "7+", "13+"), AgeGate.visibleRatings(OptionalInt.empty()));
    }

    @Test
    void aSeriesAboveTheViewersAgeIsRefusedWithTheAgeRestrictedProblem() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> AgeGate.requireAllowed("s", "18+", OptionalInt.of(17)));

        assertEquals(403, refused.status());
        assertEquals("age-restricted", refused.slug());
        assertEquals("18+", refused.extensions().get("ageRating"));
        assertEquals("s", refused.extensions().get("seriesId"));
    }

    @Test
    void a16PlusOr18PlusSeriesForAViewerOfUnknownAgeNeedsAgeVerification() {
        for (String rating : List.of("16+", "18+")) {
            ProblemException refused = assertThrows(ProblemException.class,
                    () -> AgeGate.requireAllowed("s", rating, OptionalInt.empty()));
            assertEquals(403, refused.status());
            assertEquals("age-verification-required", refused.slug());
            assertEquals(rating, refused.extensions().get("ageRating"));
        }
    }

    @Test
    void anUnreadableRatingCountsAsTheStrictest() {
        assertThrows(ProblemException.class, () -> AgeGate.requireAllowed("s", "PG-13", OptionalInt.of(17)));
    }

    @Test
    void aSeriesWithinTheViewersAgeOrUpTo13ForAnUnknownAgeIsAllowed() {
        assertDoesNotThrow(() -> AgeGate.requireAllowed("s", "16+", OptionalInt.of(16)));
        assertDoesNotThrow(() -> AgeGate.requireAllowed("s", "13+", OptionalInt.empty()));
        assertDoesNotThrow(() -> AgeGate.requireAllowed("s", "all", OptionalInt.of(3)));
    }
}
