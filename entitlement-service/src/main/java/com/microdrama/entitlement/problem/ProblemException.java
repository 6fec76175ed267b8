package com.microdrama.entitlement.problem;

import java.util.List;
import java.util.Map;

/** A domain failure that the API reports as a problem document. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException unknownEpisode(String episodeId) {
        return new ProblemException(new Problem("unknown-episode", "Unknown episode", 404,
                "No published episode '" + episodeId + "' is known").with("episodeId", episodeId));
    }

    public static ProblemException unknownSeries(String seriesId) {
        return new ProblemException(new Problem("unknown-series", "Unknown series", 404,
                "No published series '" + seriesId + "' is known").with("seriesId", seriesId));
    }

    /** An admin grant may name an episode or series that is not (yet) published, but not one the catalog never had. */
    public static ProblemException notInCatalog(String kind, String id) {
        String slug = "episode".equals(kind) ? "unknown-episode" : "unknown-series";
        String title = "episode".equals(kind) ? "Unknown episode" : "Unknown series";
        return new ProblemException(new Problem(slug, title, 404, "No " + kind + " '" + id + "' is known")
                .with("episode".equals(kind) ? "episodeId" : "seriesId", id));
    }

    public static ProblemException validation(List<Map<String, String>> violations) {
        return new ProblemException(new Problem("validation-failed", "Invalid request", 400,
                "The request has invalid parameters").with("violations", violations));
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(new Problem(slug, title, 409, detail));
    }

    public static ProblemException notFound(String slug, String title, String detail) {
        return new ProblemException(new Problem(slug, title, 404, detail));
    }
}
