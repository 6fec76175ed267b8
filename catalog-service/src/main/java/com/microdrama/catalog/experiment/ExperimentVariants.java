package com.microdrama.catalog.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;

import java.util.List;

/** The arms column: the event-contracts shape as JSON, so what is stored is what catalog-events carries. */
public final class ExperimentVariants {
    /** The arms are names and numbers only: a plain mapper writes them as the event's JSON does. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<PaywallVariant>> LIST = new TypeReference<>() {
    };

    private ExperimentVariants() {
    }

    public static String write(List<PaywallVariant> variants) {
        try {
            return JSON.writeValueAsString(variants);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("paywall variants are plain records", e);
        }
    }

    public static List<PaywallVariant> read(String json) {
        try {
            return JSON.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("paywall_experiment.variants holds what write() wrote", e);
        }
    }

    /** The running experiment as catalog-events and every consumer see it; null when {@code e} is null. */
    public static PaywallExperiment running(Experiment e) {
        return e == null ? null : new PaywallExperiment(e.id, e.startedAt.toInstant(), read(e.variants));
    }
}
