package com.microdrama.catalog.admin;

import com.microdrama.support.problem.ProblemException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Admin answers for missing and conflicting rows (the admin sees unpublished ones too, hence its own wording). */
public final class AdminProblems {

    private AdminProblems() {
    }

    public static ProblemException unknownSeries(String seriesId) {
        return new ProblemException(404, "unknown-series", "Unknown series",
                "There is no series with id '" + seriesId + "'.", Map.of("seriesId", seriesId), null);
    }

    static ProblemException unknownEpisode(String episodeId) {
        return new ProblemException(404, "unknown-episode", "Unknown episode",
                "There is no episode with id '" + episodeId + "'.", Map.of("episodeId", episodeId), null);
    }

    static ProblemException seriesExists(String seriesId) {
        return new ProblemException(409, "series-exists", "Series exists",
                "A series with id '" + seriesId + "' already exists.", Map.of("seriesId", seriesId), null);
    }

    static ProblemException episodeExists(String episodeId) {
        return new ProblemException(409, "episode-exists", "Episode exists",
                "An episode with id '" + episodeId + "' already exists.", Map.of("episodeId", episodeId), null);
    }

    static ProblemException numberTaken(String seriesId, int number, String takenBy) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("seriesId", seriesId);
        extensions.put("number", number);
        extensions.put("episodeId", takenBy);
        return new ProblemException(409, "episode-number-taken", "Episode number taken",
                "Series '" + seriesId + "' already has episode number " + number + " (" + takenBy + ").",
                extensions, null);
    }
}
