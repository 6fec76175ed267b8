package com.microdrama.catalog.series;

import com.microdrama.catalog.problem.CatalogProblems;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The age rule for browsing, the same as for playback ({@link AgeRating#allows}): a viewer whose age the token
 * tells sees only series rated for that age; a viewer of unknown age (anonymous, or signed in without an age or
 * birthdate claim) sees everything, because the apps run their own age gate at sign-up and hiding everything rated
 * above "all" from them would hide most of the catalog.
 */
public final class AgeGate {

    private AgeGate() {
    }

    /**
     * The age ratings a viewer may see, for the browse query; null when the age is unknown (no filter). Never
     * empty: "all" suits every age.
     */
    public static List<String> visibleRatings(OptionalInt viewerAge) {
        if (viewerAge.isEmpty()) {
            return null;
        }
        return Arrays.stream(AgeRating.values()).filter(r -> r.allows(viewerAge)).map(AgeRating::label).toList();
    }

    /**
     * Refuses a series the viewer is too young for: 403 {@code age-restricted}, as playback answers. A label outside
     * the fixed set (the database forbids it) counts as "all", as it does for playback.
     */
    public static void requireAllowed(String seriesId, String ageRating, OptionalInt viewerAge) {
        AgeRating rating = AgeRating.fromLabel(ageRating).orElse(AgeRating.ALL);
        if (!rating.allows(viewerAge)) {
            throw CatalogProblems.ageRestricted(seriesId, rating.label());
        }
    }
}
