package com.microdrama.entitlement.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.microdrama.events.experiment.PaywallExperiment;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The running paywall experiment of a series as {@code catalog_series.experiment} holds it (JSON, the event's own
 * shape; docs/decisions/0036-paywall-experiments.md): written by the live projection and the rebuild, read by the
 * access checks.
 */
public final class ExperimentJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Experiments read by the checks, by their stored text: a running experiment is read on every check of its
     * series, and the same few texts come back. Bounded: cleared when full (a handful run at a time).
     */
    private static final int CACHED = 256;
    private static final Map<String, PaywallExperiment> READ = new ConcurrentHashMap<>();

    private ExperimentJson() {
    }

    /** The column's value for an experiment; null for none. */
    public static String write(PaywallExperiment experiment) {
        if (experiment == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(experiment);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The experiment a column's text holds; null for null. */
    public static PaywallExperiment read(String json) {
        if (json == null) {
            return null;
        }
        PaywallExperiment cached = READ.get(json);
        if (cached != null) {
            return cached;
        }
        try {
            PaywallExperiment experiment = MAPPER.readValue(json, PaywallExperiment.class);
            if (READ.size() >= CACHED) {
                READ.clear();
            }
            READ.put(json, experiment);
            return experiment;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog_series.experiment is not an experiment: " + e.getOriginalMessage(), e);
        }
    }
}
