package com.microdrama.catalog.experiment;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class ExperimentRepository implements PanacheRepositoryBase<Experiment, String> {

    /** The running experiment of a series, null when none runs (at most one, a unique index says so). */
    public Uni<Experiment> runningOf(String seriesId) {
        return find("seriesId = ?1 and status = ?2", seriesId, Experiment.RUNNING).firstResult();
    }

    /** The running experiments of several series at once (the change relay's batch). */
    public Uni<List<Experiment>> runningOf(Collection<String> seriesIds) {
        return seriesIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("seriesId in ?1 and status = ?2", seriesIds, Experiment.RUNNING);
    }

    public Uni<List<Experiment>> ofSeries(String seriesId) {
        return list("seriesId = ?1 order by createdAt desc, id", seriesId);
    }
}
