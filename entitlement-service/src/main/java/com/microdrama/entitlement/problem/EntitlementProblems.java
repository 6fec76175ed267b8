package com.microdrama.entitlement.problem;

import com.microdrama.support.problem.Problem;
import com.microdrama.support.problem.ProblemException;

/** entitlement-service's own answers; the generic ones (validation, auth, malformed input) live in service-support. */
public final class EntitlementProblems {
    private EntitlementProblems() {
    }

    public static ProblemException unknownEpisode(String episodeId) {
        return new ProblemException(Problem.of(404, "unknown-episode", "Unknown episode",
                "No published episode '" + episodeId + "' is known").with("episodeId", episodeId));
    }

    public static ProblemException unknownSeries(String seriesId) {
        return new ProblemException(Problem.of(404, "unknown-series", "Unknown series",
                "No published series '" + seriesId + "' is known").with("seriesId", seriesId));
    }

    /** An admin grant may name an episode or series that is not (yet) published, but not one the catalog never had. */
    public static ProblemException notInCatalog(String kind, String id) {
        boolean episode = "episode".equals(kind);
        return new ProblemException(Problem.of(404, episode ? "unknown-episode" : "unknown-series",
                episode ? "Unknown episode" : "Unknown series", "No " + kind + " '" + id + "' is known")
                .with(episode ? "episodeId" : "seriesId", id));
    }
}
