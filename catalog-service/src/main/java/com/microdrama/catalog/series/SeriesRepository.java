package com.microdrama.catalog.series;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class SeriesRepository implements PanacheRepositoryBase<Series, String> {

    /**
     * Browse filter; null or empty fields do not filter.
     *
     * @param region     only series available there (no regions = everywhere)
     * @param languages  only series with a translation in one of these primary languages (lower case: es, pt)
     * @param ageRatings only series with one of these age ratings (see {@link AgeGate#visibleRatings})
     */
    public record Filter(String genre, String text, String region, Collection<String> languages,
                         Collection<String> ageRatings) {
        public Filter(String genre, String text) {
            this(genre, text, null, List.of(), null);
        }
    }

    public Uni<List<Series>> findPublished(Filter filter, int page, int size) {
        Where where = where(filter);
        return find(where.hql + " order by s.id", where.params).page(page, size).list();
    }

    public Uni<Long> countPublished(Filter filter) {
        Where where = where(filter);
        return count(where.hql, where.params);
    }

    public Uni<Series> findPublishedById(String id) {
        return find("from Series s where s.id = ?1 and s.published = true", id).firstResult();
    }

    public Uni<List<Series>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("from Series s where s.id in ?1", ids);
    }

    /** Every series, published or not, for the admin API. */
    public Uni<List<Series>> findAllPaged(int page, int size) {
        return find("from Series s order by s.id").page(page, size).list();
    }

    public Uni<List<Series>> listAllById() {
        return find("from Series s order by s.id").list();
    }

    private record Where(String hql, Parameters params) {
    }

    // Only the filters the caller gave end up in the query: PostgreSQL cannot type a bare null parameter.
    private static Where where(Filter filter) {
        StringBuilder hql = new StringBuilder("from Series s where s.published = true");
        Parameters params = new Parameters();
        if (filter.genre() != null && !filter.genre().isBlank()) {
            hql.append(" and array_contains(s.genres, :genre)");
            params.and("genre", filter.genre().trim().toLowerCase(Locale.ROOT));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            // a title in any language, or the slug, containing the text
            hql.append(" and (lower(s.id) like :text escape '\\'"
                    + " or exists (from SeriesTranslation t where t.seriesId = s.id and lower(t.title) like :text escape '\\'))");
            params.and("text", "%" + escapeLike(filter.text().trim().toLowerCase(Locale.ROOT)) + "%");
        }
        if (filter.region() != null) {
            // coalesce: array_length of an empty array is null in PostgreSQL
            hql.append(" and (coalesce(array_length(s.regions), 0) = 0 or array_contains(s.regions, :region))");
            params.and("region", filter.region());
        }
        if (filter.languages() != null && !filter.languages().isEmpty()) {
            // compares primary language subtags: a request for es-MX finds a series with es, es-ES or es-MX text
            hql.append(" and exists (from SeriesTranslation l where l.seriesId = s.id and lower(case"
                    + " when locate('-', l.language) > 0 then substring(l.language, 1, locate('-', l.language) - 1)"
                    + " else l.language end) in :languages)");
            params.and("languages", filter.languages());
        }
        if (filter.ageRatings() != null && !filter.ageRatings().isEmpty()) {
            hql.append(" and s.ageRating in :ageRatings");
            params.and("ageRatings", filter.ageRatings());
        }
        return new Where(hql.toString(), params);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
