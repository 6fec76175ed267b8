package com.microdrama.catalog.series;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class EpisodeTranslationRepository implements PanacheRepositoryBase<EpisodeTranslation, EpisodeTranslation.Key> {

    /** Titles of a series' episodes in the given languages (the negotiated one and the original as fallback). */
    public Uni<List<EpisodeTranslation>> forSeries(String seriesId, Collection<String> languages) {
        return list("from EpisodeTranslation t where t.language in ?2"
                + " and t.episodeId in (select e.id from Episode e where e.seriesId = ?1)", seriesId, languages);
    }

    public Uni<List<EpisodeTranslation>> forEpisode(String episodeId) {
        return list("episodeId = ?1 order by language", episodeId);
    }

    public Uni<List<EpisodeTranslation>> forEpisodes(Collection<String> episodeIds) {
        return episodeIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("episodeId in ?1 order by episodeId, language", episodeIds);
    }
}
