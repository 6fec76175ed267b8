package com.microdrama.entitlement.problem;

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
}
