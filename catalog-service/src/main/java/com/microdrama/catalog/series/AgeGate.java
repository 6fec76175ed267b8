package com.microdrama.catalog.series;

import com.microdrama.events.viewer.AgeRating;
import com.microdrama.support.problem.ViewerProblems;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The shared age rule ({@link AgeRating#access}) as catalog applies it, the same for browse, the series page and
 * playback: browse lists only what the viewer may open; a series page or an episode the viewer may not open is
 * 403 {@code age-restricted} (known age, too young) or 403 {@code age-verification-required} (16+/18+ and no
 * birthdate in the token, or anonymous).
 */
public final class AgeGate {

    private AgeGate() {
    }

    /** The age ratings a viewer may see, for the browse query. Never empty: "all" suits every age, even unknown. */
    public static List<String> visibleRatings(OptionalInt viewerAge) {
        return Arrays.stream(AgeRating.values()).filter(r -> r.allows(viewerAge)).map(AgeRating::label).toList();
    }

    /** A label outside the fixed set (the database forbids it) counts as the strictest rating. */
    public static void requireAllowed(String seriesId, String ageRating, OptionalInt viewerAge) {
        requireAllowed(seriesId, AgeRating.ofLabelOrStrictest(ageRating), viewerAge);
    }

    public static void requireAllowed(String seriesId, AgeRating rating, OptionalInt viewerAge) {
        switch (rating.access(viewerAge)) {
            case ALLOWED -> {
            }
            case TOO_YOUNG -> throw ViewerProblems.ageRestricted(seriesId, rating.label());
            case AGE_UNKNOWN -> throw ViewerProblems.ageVerificationRequired(seriesId, rating.label());
        }
    }
}
