package com.microdrama.catalog.series;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class SeriesTranslationRepository implements PanacheRepositoryBase<SeriesTranslation, SeriesTranslation.Key> {

    public Uni<List<SeriesTranslation>> forSeries(Collection<String> seriesIds) {
        if (seriesIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("seriesId in ?1", seriesIds);
    }
}
