package com.microdrama.catalog.problem;

import com.microdrama.support.problem.ProblemException;
import com.microdrama.support.problem.Problems;

import java.util.Map;

/** catalog-service's own answers; the generic ones (validation, auth, malformed input) live in service-support. */
public final class CatalogProblems {
    private CatalogProblems() {
    }

    public static ProblemException unknownSeries(String seriesId) {
        return new ProblemException(404, "unknown-series", "Unknown series",
                "There is no published series with id '" + seriesId + "'.", Map.of("seriesId", seriesId));
    }

    public static ProblemException unknownEpisode(String episodeId) {
        return new ProblemException(404, "unknown-episode", "Unknown episode",
                "There is no published episode with id '" + episodeId + "'.", Map.of("episodeId", episodeId));
    }

    /** A 400 with the same shape Bean Validation failures get: {@code violations: [{field, message}]}. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(Problems.invalidField(field, message));
    }

    public static ProblemException authenticationRequired(String detail) {
        return new ProblemException(Problems.unauthorized(detail));
    }
}
