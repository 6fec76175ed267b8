package com.microdrama.support.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The refusals a viewer meets for who or where they are, with the same type, status and fields in catalog-service
 * (browse, series page, playback) and payment-service (unlocks): what cannot be played is never sold.
 */
public final class ViewerProblems {

    private ViewerProblems() {
    }

    public static ProblemException notAvailableInRegion(String seriesId, String region) {
        return refusal(451, "not-available-in-region", "Not available in your region",
                "Series '" + seriesId + "' is not available in region " + region + ".", seriesId, "region", region);
    }

    public static ProblemException ageRestricted(String seriesId, String ageRating) {
        return refusal(403, "age-restricted", "Age restricted",
                "Series '" + seriesId + "' is rated " + ageRating + "; the viewer's age does not allow it.",
                seriesId, "ageRating", ageRating);
    }

    /** A 16+/18+ series and a viewer whose birthdate we do not know (anonymous, or none on the account). */
    public static ProblemException ageVerificationRequired(String seriesId, String ageRating) {
        return refusal(403, "age-verification-required", "Age verification required",
                "Series '" + seriesId + "' is rated " + ageRating
                        + "; sign in with an account that has a birthdate to watch it.", seriesId, "ageRating", ageRating);
    }

    private static ProblemException refusal(int status, String slug, String title, String detail, String seriesId,
                                            String field, String value) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("seriesId", seriesId);
        extensions.put(field, value);
        return new ProblemException(status, slug, title, detail, extensions);
    }
}
