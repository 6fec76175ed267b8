package com.microdrama.catalog.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/** A failure that already knows the problem+json answer it should produce. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of(), null);
    }

    public ProblemException(int status, String slug, String title, String detail, Map<String, Object> extensions,
                            Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.slug = slug;
        this.title = title;
        // keep the caller's order: it is the order clients see the fields in
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public Problem toProblem() {
        return new Problem(Problem.TYPE_PREFIX + slug, title, status, getMessage(), extensions);
    }

    public static ProblemException unknownSeries(String seriesId) {
        return new ProblemException(404, "unknown-series", "Unknown series",
                "There is no published series with id '" + seriesId + "'.", Map.of("seriesId", seriesId), null);
    }

    public static ProblemException unknownEpisode(String episodeId) {
        return new ProblemException(404, "unknown-episode", "Unknown episode",
                "There is no published episode with id '" + episodeId + "'.", Map.of("episodeId", episodeId), null);
    }

    public static ProblemException notAvailableInRegion(String seriesId, String region) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("seriesId", seriesId);
        extensions.put("region", region);
        return new ProblemException(451, "not-available-in-region", "Not available in your region",
                "Series '" + seriesId + "' is not available in region " + region + ".", extensions, null);
    }

    public static ProblemException ageRestricted(String seriesId, String ageRating) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("seriesId", seriesId);
        extensions.put("ageRating", ageRating);
        return new ProblemException(403, "age-restricted", "Age restricted",
                "Series '" + seriesId + "' is rated " + ageRating + "; the viewer's age does not allow it.",
                extensions, null);
    }

    /** A 400 with the same shape Bean Validation failures get: {@code violations: [{field, message}]}. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "invalid-request", "Invalid request", "The request has invalid fields.",
                Map.of("violations", java.util.List.of(Map.of("field", field, "message", message))), null);
    }

    public static ProblemException authenticationRequired(String detail) {
        return new ProblemException(401, "authentication-required", "Authentication required", detail);
    }
}
