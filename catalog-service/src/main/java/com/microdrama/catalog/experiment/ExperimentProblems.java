package com.microdrama.catalog.experiment;

import com.microdrama.support.problem.ProblemException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The experiment admin API's refusals, each naming the experiment (and what is wrong with it). */
public final class ExperimentProblems {

    private ExperimentProblems() {
    }

    static ProblemException unknown(String seriesId, String experimentId) {
        return new ProblemException(404, "unknown-experiment", "Unknown experiment",
                "Series '" + seriesId + "' has no experiment '" + experimentId + "'.",
                Map.of("seriesId", seriesId, "experimentId", experimentId));
    }

    static ProblemException exists(String experimentId) {
        return new ProblemException(409, "experiment-exists", "Experiment exists",
                "An experiment with id '" + experimentId + "' already exists.", Map.of("experimentId", experimentId));
    }

    /** The arms break a rule (shares, names, prices, free counts below the series' own). */
    static ProblemException invalid(String violation) {
        return new ProblemException(400, "invalid-experiment", "Invalid experiment",
                "The experiment cannot run as defined: " + violation + ".", Map.of("violation", violation));
    }

    /** The series changed since the draft: an arm would now take episodes away or name more than exist. */
    static ProblemException outdated(String experimentId, String violation) {
        return new ProblemException(409, "experiment-outdated", "Experiment no longer fits its series",
                "Experiment '" + experimentId + "' cannot start on the series as it is now: " + violation
                        + ". Define a new experiment.", Map.of("experimentId", experimentId, "violation", violation));
    }

    static ProblemException wrongStatus(Experiment e, String action, String required) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("experimentId", e.id);
        extensions.put("experimentStatus", e.status);
        return new ProblemException(409, "experiment-" + e.status, "Experiment is " + e.status,
                "Experiment '" + e.id + "' is " + e.status + "; only a " + required + " experiment can " + action + ".",
                extensions);
    }

    static ProblemException anotherRunning(String seriesId, String runningId) {
        return new ProblemException(409, "experiment-running", "An experiment is running",
                "Series '" + seriesId + "' already runs experiment '" + runningId + "'; stop it first.",
                Map.of("seriesId", seriesId, "experimentId", runningId));
    }

    static ProblemException unknownVariant(String experimentId, String variant) {
        return new ProblemException(400, "unknown-variant", "Unknown variant",
                "Experiment '" + experimentId + "' has no variant '" + variant + "' to roll out.",
                Map.of("experimentId", experimentId, "field", "rollOut", "variant", variant));
    }

    /** The series' pricing is what every arm is measured against: it holds still while an experiment runs. */
    public static ProblemException pricingLocked(String seriesId, String runningId) {
        return new ProblemException(409, "experiment-running", "An experiment is running",
                "Series '" + seriesId + "' runs experiment '" + runningId + "'; its pricing cannot change until it"
                        + " stops (stop it, optionally rolling out a variant).",
                Map.of("seriesId", seriesId, "experimentId", runningId));
    }
}
