package com.microdrama.catalog.series;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class EpisodeRepository implements PanacheRepositoryBase<Episode, String> {

    public Uni<List<Episode>> findPublishedOfSeries(String seriesId) {
        return list("from Episode e where e.seriesId = ?1 and e.published = true order by e.number", seriesId);
    }

    public Uni<Episode> findPublishedById(String episodeId) {
        return find("from Episode e where e.id = ?1 and e.published = true", episodeId).firstResult();
    }

    /** Published episode count per series, in one query for a whole page of series. */
    public Uni<Map<String, Long>> countPublishedBySeries(Collection<String> seriesIds) {
        if (seriesIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().flatMap(session -> session
                .createSelectionQuery("select e.seriesId, count(e) from Episode e"
                        + " where e.published = true and e.seriesId in :ids group by e.seriesId", Object[].class)
                .setParameter("ids", seriesIds)
                .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Object[] row : rows) {
                        counts.put((String) row[0], ((Number) row[1]).longValue());
                    }
                    return counts;
                });
    }

    public Uni<List<Episode>> listAllOrdered() {
        return list("from Episode e order by e.seriesId, e.number");
    }

    public Uni<List<Episode>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("from Episode e where e.id in ?1", ids);
    }

    public Uni<List<Episode>> findBySeriesIds(Collection<String> seriesIds) {
        return seriesIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("from Episode e where e.seriesId in ?1 order by e.seriesId, e.number", seriesIds);
    }

    public Uni<List<Episode>> findOfSeries(String seriesId) {
        return list("from Episode e where e.seriesId = ?1 order by e.number", seriesId);
    }

    public Uni<Episode> findBySeriesAndNumber(String seriesId, int number) {
        return find("from Episode e where e.seriesId = ?1 and e.number = ?2", seriesId, number).firstResult();
    }

    /** Episode counts (all, published or not) per series, for the admin list. */
    public Uni<Map<String, Long>> countBySeries(Collection<String> seriesIds) {
        if (seriesIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().flatMap(session -> session
                        .createSelectionQuery("select e.seriesId, count(e) from Episode e"
                                + " where e.seriesId in :ids group by e.seriesId", Object[].class)
                        .setParameter("ids", seriesIds)
                        .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    for (Object[] row : rows) {
                        counts.put((String) row[0], ((Number) row[1]).longValue());
                    }
                    return counts;
                });
    }
}
