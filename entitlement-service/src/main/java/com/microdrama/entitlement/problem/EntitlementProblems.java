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

    /**
     * 429: the user (or this instance) already has as many checks waiting as allowed; nothing was taken. Retry after
     * {@code retryAfterSeconds} (also the {@code Retry-After} header), or check without {@code waitMs}.
     */
    public static ProblemException tooManyWaits(String limit, int max, long retryAfterSeconds) {
        return new ProblemException(Problem.of(429, "too-many-waits", "Too many waiting checks",
                        "Too many checks with waitMs are waiting " + ("user".equals(limit) ? "for this user" : "in this service")
                                + " (at most " + max + "); retry after the seconds in Retry-After, or check without waitMs.")
                .with("limit", limit)
                .with("maxWaiting", max)
                .with(Problem.RETRY_AFTER_SECONDS, retryAfterSeconds));
    }
}
