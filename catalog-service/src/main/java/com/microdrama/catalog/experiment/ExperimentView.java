package com.microdrama.catalog.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.events.experiment.PaywallVariant;

import java.time.OffsetDateTime;
import java.util.List;

/** A paywall experiment as the admin API shows it; the first variant is the control. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentView(String id, String seriesId, String name, String status, List<PaywallVariant> variants,
                             OffsetDateTime createdAt, String createdBy, OffsetDateTime startedAt, String startedBy,
                             OffsetDateTime stoppedAt, String stoppedBy, String rolledOutVariant) {

    static ExperimentView of(Experiment e) {
        return new ExperimentView(e.id, e.seriesId, e.name, e.status, ExperimentVariants.read(e.variants),
                e.createdAt, e.createdBy, e.startedAt, e.startedBy, e.stoppedAt, e.stoppedBy, e.rolledOutVariant);
    }

    /** The series' experiments, newest first. */
    public record Page(String seriesId, List<ExperimentView> experiments) {
    }
}
