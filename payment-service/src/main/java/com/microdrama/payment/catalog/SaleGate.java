package com.microdrama.payment.catalog;

import com.microdrama.events.viewer.AgeRating;
import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.support.problem.ViewerProblems;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * What is never sold because the catalog would not play it: the same region and age rules, the same problems
 * (451 {@code not-available-in-region}, 403 {@code age-restricted}, 403 {@code age-verification-required}).
 *
 * <p>A series whose projection has no rating yet ({@code ageRating} null) was last described by an event written
 * before ratings travelled in catalog-events; it is sold as rated "all". Reading it as the strictest rating would
 * stop every viewer without a birthdate from buying the flagship until catalog-service republished, and that
 * republish comes by itself: catalog-service raised its event format, so its next start sends every series again
 * with its rating. A rating that is present but unknown to us counts as the strictest one.
 */
public final class SaleGate {

    private SaleGate() {
    }

    /** @throws com.microdrama.support.problem.ProblemException the refusal, when the viewer may not buy it */
    public static void check(String seriesId, String[] regions, String ageRatingLabel, String region, OptionalInt age) {
        if (!ViewerRegion.isAvailable(regions == null ? null : Arrays.asList(regions), region)) {
            throw ViewerProblems.notAvailableInRegion(seriesId, region);
        }
        AgeRating rating = ratingOf(ageRatingLabel);
        switch (rating.access(age)) {
            case TOO_YOUNG -> throw ViewerProblems.ageRestricted(seriesId, rating.label());
            case AGE_UNKNOWN -> throw ViewerProblems.ageVerificationRequired(seriesId, rating.label());
            case ALLOWED -> {
            }
        }
    }

    static AgeRating ratingOf(String label) {
        return label == null ? AgeRating.ALL : AgeRating.ofLabelOrStrictest(label);
    }
}
