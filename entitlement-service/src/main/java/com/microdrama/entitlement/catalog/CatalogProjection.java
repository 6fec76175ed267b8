package com.microdrama.entitlement.catalog;

import com.microdrama.events.catalog.CatalogRecord;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps the local copy of the catalog. Events carry the full state, so an upsert is naturally idempotent and a
 * replay from the beginning of the compacted topic rebuilds the same rows.
 */
@ApplicationScoped
public class CatalogProjection {

    private final Clock clock;

    public CatalogProjection(Clock clock) {
        this.clock = clock;
    }

    /**
     * Applies what the shared {@code CatalogEventReader} made of a record (docs/decisions/0004): a state is upserted,
     * a deletion hides the key, a skipped type changes nothing. A dead letter never gets here: the caller hands it
     * to the dead-letter topic.
     */
    public Uni<Void> apply(CatalogRecord record) {
        return Panache.withTransaction(() -> {
            if (record instanceof CatalogRecord.Episode episode) {
                return upsert(episode.state());
            }
            if (record instanceof CatalogRecord.Series series) {
                return upsert(series.state());
            }
            if (record instanceof CatalogRecord.Delete delete) {
                return remove(delete.key());
            }
            if (record instanceof CatalogRecord.Skip skip) {
                Log.warnf("skipping a catalog-events record: %s", skip.reason());
                return Uni.createFrom().voidItem();
            }
            throw new IllegalArgumentException("a dead letter is not applied: " + record);
        });
    }

    /**
     * A tombstone deletes the key: whatever it named is hidden (unpublished, as never sold), idempotently. The row
     * stays because grants and promos refer to it. A series' tombstone ends its paywall experiment too; exposures stay
     * (docs/decisions/0036-paywall-experiments.md).
     */
    private Uni<Void> remove(String key) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("update catalog_episode set published = false, updated_at = :at where episode_id = :key")
                .setParameter("key", key).setParameter("at", now()).executeUpdate()
                .chain(() -> session
                        .createNativeQuery("update catalog_series set published = false, experiment = null, updated_at = :at"
                                + " where series_id = :key")
                        .setParameter("key", key).setParameter("at", now()).executeUpdate()))
                .replaceWithVoid();
    }

    private Uni<Void> upsert(EpisodeUpdated e) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into catalog_episode (episode_id, series_id, number, free, price_coins, published, updated_at)
                        values (:episodeId, :seriesId, :number, :free, :priceCoins, :published, :at)
                        on conflict (episode_id) do update set series_id = excluded.series_id, number = excluded.number,
                            free = excluded.free, price_coins = excluded.price_coins, published = excluded.published,
                            updated_at = excluded.updated_at""")
                .setParameter("episodeId", e.episodeId())
                .setParameter("seriesId", e.seriesId())
                .setParameter("number", e.number())
                .setParameter("free", e.free())
                .setParameter("priceCoins", e.priceCoins())
                .setParameter("published", e.published())
                .setParameter("at", now())
                .executeUpdate())
                .replaceWithVoid();
    }

    /**
     * The series' state, its running paywall experiment included: an event without one ends it (decision 0036). The
     * {@code exposed} flag is not the catalog's: only exposures set it.
     */
    private Uni<Void> upsert(SeriesUpdated s) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into catalog_series (series_id, episode_count, free_episodes, bundle_price_coins, published,
                            experiment, updated_at)
                        values (:seriesId, :episodeCount, :freeEpisodes, :bundlePriceCoins, :published,
                            cast(cast(:experiment as text) as jsonb), :at)
                        on conflict (series_id) do update set episode_count = excluded.episode_count,
                            free_episodes = excluded.free_episodes, bundle_price_coins = excluded.bundle_price_coins,
                            published = excluded.published, experiment = excluded.experiment,
                            updated_at = excluded.updated_at""")
                .setParameter("seriesId", s.seriesId())
                .setParameter("episodeCount", s.episodeCount())
                .setParameter("freeEpisodes", s.freeEpisodes())
                .setParameter("bundlePriceCoins", s.bundlePriceCoins())
                .setParameter("published", s.published())
                .setParameter("experiment", ExperimentJson.write(s.experiment()))
                .setParameter("at", now())
                .executeUpdate())
                .replaceWithVoid();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
