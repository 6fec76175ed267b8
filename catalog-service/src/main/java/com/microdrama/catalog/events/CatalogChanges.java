package com.microdrama.catalog.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

/**
 * The "dirty" markers behind reliable catalog-events. Writers mark in the SAME transaction as their change (so a
 * committed change always has a marker); {@link CatalogChangeRelay} turns the current state of marked rows into outbox
 * rows and clears their markers in one transaction, so a committed change always reaches the outbox.
 */
@ApplicationScoped
public class CatalogChanges {
    public static final String EPISODE = "episode";
    public static final String SERIES = "series";

    // seq comes from a sequence, not the clock: two marks of one row can never look alike
    private static final String UPSERT = " on conflict (kind, key) do update set seq = excluded.seq, changed_at = excluded.changed_at";

    /** One marked row. */
    public record Marker(String kind, String key, long seq) {
    }

    public Uni<Void> markEpisode(String episodeId) {
        return mark(EPISODE, episodeId);
    }

    /** The series' own event: its episode count, free count and bundle price. */
    public Uni<Void> markSeries(String seriesId) {
        return mark(SERIES, seriesId);
    }

    /** The series and every episode of it: what a pricing or publication change of the series reaches. */
    public Uni<Void> markSeriesAndEpisodes(String seriesId) {
        return markSeries(seriesId).flatMap(ignored -> execute(
                "insert into catalog_change (kind, key, seq, changed_at)"
                        + " select 'episode', e.id, nextval('catalog_change_seq'), now() from episode e"
                        + " where e.series_id = :seriesId" + UPSERT, "seriesId", seriesId));
    }

    /** Everything: when a start finds the topic may lack part of the catalog ({@link CatalogPublication}). */
    public Uni<Void> markEverything() {
        return execute("insert into catalog_change (kind, key, seq, changed_at)"
                + " select 'episode', e.id, nextval('catalog_change_seq'), now() from episode e" + UPSERT, null, null)
                .flatMap(ignored -> execute("insert into catalog_change (kind, key, seq, changed_at)"
                        + " select 'series', s.id, nextval('catalog_change_seq'), now() from series s" + UPSERT,
                        null, null));
    }

    /**
     * The oldest markers first, locked until the caller's transaction ends; markers another pass holds are skipped.
     * A write that marks a claimed row again waits for that transaction and then marks it anew, so its newer state
     * is always converted after (and sent after) the state this pass read.
     */
    public Uni<List<Marker>> claim(int limit) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select kind, key, seq from catalog_change order by seq limit " + limit
                                + " for update skip locked", Object[].class)
                .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Marker((String) row[0], (String) row[1], ((Number) row[2]).longValue()))
                        .toList());
    }

    /** Clears markers by seq: a marker whose row was marked again since it was read has a new seq and stays. */
    public Uni<Integer> clear(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from catalog_change where seq in (:seqs)")
                .setParameter("seqs", List.copyOf(seqs))
                .executeUpdate());
    }

    private Uni<Void> mark(String kind, String key) {
        return Panache.getSession().flatMap(session -> session.flush().flatMap(flushed -> session
                .createNativeQuery("insert into catalog_change (kind, key, seq, changed_at)"
                        + " values (:kind, :key, nextval('catalog_change_seq'), now())" + UPSERT)
                .setParameter("kind", kind)
                .setParameter("key", key)
                .executeUpdate()))
                .replaceWithVoid();
    }

    private Uni<Void> execute(String sql, String parameter, Object value) {
        return Panache.getSession().flatMap(session -> session.flush().flatMap(flushed -> {
            var query = session.createNativeQuery(sql);
            if (parameter != null) {
                query.setParameter(parameter, value);
            }
            return query.executeUpdate();
        })).replaceWithVoid();
    }
}
