package com.microdrama.payment.catalog;

import com.microdrama.events.InvalidEventException;
import com.microdrama.events.catalog.CatalogEventReader;
import com.microdrama.events.catalog.CatalogRecord;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.support.messaging.DeadLetters;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Map;

/**
 * Keeps catalog_episode, catalog_series (with its running paywall experiment) and the series' regional price tiers
 * (catalog_series_price_tier) equal to the newest state on the compacted catalog-events topic, as the shared
 * {@link CatalogEventReader} reads each record
 * (docs/decisions/0004-catalog-events-consumers.md): a state is applied whole in one transaction, a tombstone takes
 * its key off sale, an unknown type is read past with a warning, and a record that breaks a rule goes to the
 * dead-letter topic (failure-strategy in application.properties) with nothing of it applied, so one bad record
 * cannot stop the price updates behind it; a database outage is retried until it passes, pausing the channel instead
 * of dead-lettering valid records (decision 0024). Upserts are idempotent and the topic is ordered per key, so re-reading
 * from the beginning converges to the same tables.
 */
@ApplicationScoped
public class CatalogEventsConsumer {
    private final DeadLetters deadLetters;
    private final CatalogPrices prices;

    public CatalogEventsConsumer(DeadLetters deadLetters, CatalogPrices prices) {
        this.deadLetters = deadLetters;
        this.prices = prices;
    }

    @Incoming("catalog-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return deadLetters.consume("catalog-in", () -> read(record), InvalidEventException.class);
    }

    /** A record the reader dead-letters fails with its {@link InvalidEventException}, which is never retried. */
    private Uni<Void> read(ConsumerRecord<String, String> record) {
        CatalogRecord read = CatalogEventReader.read(record.key(), record.value());
        if (read instanceof CatalogRecord.DeadLetter dead) {
            Log.warnf("dead-lettering catalog record %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), record.key(), dead.reason());
            return Uni.createFrom().failure(dead.failure());
        }
        if (read instanceof CatalogRecord.Skip skip) {
            Log.warnf("skipping catalog record %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), record.key(), skip.reason());
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> apply(read));
    }

    private Uni<Void> apply(CatalogRecord read) {
        if (read instanceof CatalogRecord.Episode episode) {
            return upsertEpisode(episode.eventId(), episode.state());
        }
        if (read instanceof CatalogRecord.Series series) {
            return upsertSeries(series.eventId(), series.state());
        }
        return delete(((CatalogRecord.Delete) read).key());
    }

    private Uni<Void> upsertEpisode(String eventId, EpisodeUpdated e) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into catalog_episode (episode_id, series_id, number, free, price_coins, published, event_id, updated_at)
                        values (:episodeId, :seriesId, :number, :free, :priceCoins, :published, :eventId, now())
                        on conflict (episode_id) do update set series_id = excluded.series_id, number = excluded.number,
                            free = excluded.free, price_coins = excluded.price_coins, published = excluded.published,
                            event_id = excluded.event_id, updated_at = excluded.updated_at
                        """)
                .setParameter("episodeId", e.episodeId())
                .setParameter("seriesId", e.seriesId())
                .setParameter("number", e.number())
                .setParameter("free", e.free())
                .setParameter("priceCoins", e.priceCoins())
                .setParameter("published", e.published())
                .setParameter("eventId", eventId)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The reader gave the licence regions and tier regions in capitals, the regions sorted and distinct, and checked
     * the experiment. The event carries the whole running experiment or none: an event without one ends it here
     * (docs/decisions/0036-paywall-experiments.md).
     */
    private Uni<Void> upsertSeries(String eventId, SeriesUpdated s) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into catalog_series (series_id, episode_count, free_episodes, bundle_price_coins, published,
                            regions, age_rating, experiment, event_id, updated_at)
                        values (:seriesId, :episodeCount, :freeEpisodes, :bundlePriceCoins, :published,
                            :regions, :ageRating, :experiment, :eventId, now())
                        on conflict (series_id) do update set episode_count = excluded.episode_count,
                            free_episodes = excluded.free_episodes, bundle_price_coins = excluded.bundle_price_coins,
                            published = excluded.published, regions = excluded.regions, age_rating = excluded.age_rating,
                            experiment = excluded.experiment, event_id = excluded.event_id, updated_at = excluded.updated_at
                        """)
                .setParameter("seriesId", s.seriesId())
                .setParameter("episodeCount", s.episodeCount())
                .setParameter("freeEpisodes", s.freeEpisodes())
                .setParameter("bundlePriceCoins", s.bundlePriceCoins())
                .setParameter("published", s.published())
                .setParameter("regions", s.regions().toArray(String[]::new))
                .setParameter("ageRating", s.ageRating())
                .setParameter("experiment", prices.experimentJson(s.experiment()))
                .setParameter("eventId", eventId)
                .executeUpdate()).chain(() -> replaceTiers(s.seriesId(), s.regionalPricePercent()));
    }

    /** The event carries the series' whole set of tiers: the stored set becomes exactly that one. */
    private Uni<Void> replaceTiers(String seriesId, Map<String, Integer> tiers) {
        Uni<?> writes = Panache.getSession().chain(session -> session
                .createNativeQuery("delete from catalog_series_price_tier where series_id = :seriesId")
                .setParameter("seriesId", seriesId)
                .executeUpdate());
        for (Map.Entry<String, Integer> tier : tiers.entrySet()) {
            writes = writes.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                            "insert into catalog_series_price_tier (series_id, region, percent) values (:seriesId, :region, :percent)")
                    .setParameter("seriesId", seriesId)
                    .setParameter("region", tier.getKey())
                    .setParameter("percent", tier.getValue())
                    .executeUpdate()));
        }
        return writes.replaceWithVoid();
    }

    /**
     * A tombstone deletes its key, an episode or a series id: whatever it was, it is no longer sold (the unlock path
     * answers 404 as for an unknown one), idempotently. The row stays (unlocks refer to it), unpublished; a series'
     * tombstone also ends its experiment (docs/decisions/0036-paywall-experiments.md).
     */
    private Uni<Void> delete(String key) {
        Log.infof("catalog tombstone for %s: no longer sold", key);
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("update catalog_series set published = false, experiment = null, updated_at = now() where series_id = :key")
                        .setParameter("key", key)
                        .executeUpdate())
                .chain(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("update catalog_episode set published = false, updated_at = now() where episode_id = :key")
                        .setParameter("key", key)
                        .executeUpdate()))
                .replaceWithVoid();
    }
}
