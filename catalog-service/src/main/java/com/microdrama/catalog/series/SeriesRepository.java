package com.microdrama.catalog.series;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class SeriesRepository implements PanacheRepositoryBase<Series, String> {

    /** Browse filter; null fields do not filter. */
    public record Filter(String genre, String text) {
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
        return new Where(hql.toString(), params);
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
