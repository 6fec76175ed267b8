package com.microdrama.payment.catalog;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.events.pricing.RegionalPricing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps catalog_episode, catalog_series and the series' regional price tiers (catalog_series_price_tier) equal to
 * the newest state on the compacted catalog-events topic.
 * Upserts are idempotent and the topic is ordered per key, so re-reading from the beginning converges to the same
 * tables. A record we cannot read is logged and skipped: one bad record must not stop every price update behind it.
 */
@ApplicationScoped
public class CatalogEventsConsumer {

    @Incoming("catalog-in")
    @WithTransaction
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return tombstone(record.key());
        }
        EventEnvelope event;
        try {
            event = EventEnvelope.parse(record.value());
        } catch (InvalidEventException e) {
            Log.warnf("Skipping unreadable catalog record %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                    record.offset(), record.key(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        try {
            return switch (event.type()) {
                case EventTypes.EPISODE_UPDATED -> upsertEpisode(event, event.dataAs(EpisodeUpdated.class));
                case EventTypes.SERIES_UPDATED -> upsertSeries(event, event.dataAs(SeriesUpdated.class));
                default -> {
                    Log.debugf("Ignoring catalog event type %s (%s)", event.type(), event.id());
                    yield Uni.createFrom().voidItem();
                }
            };
        } catch (InvalidEventException e) {
            Log.warnf("Skipping catalog event %s of type %s at %s-%d@%d: %s", event.id(), event.type(), record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
    }

    private Uni<Void> upsertEpisode(EventEnvelope event, EpisodeUpdated e) {
        if (blank(e.episodeId()) || blank(e.seriesId()) || e.priceCoins() < 0) {
            throw new InvalidEventException("episode event without episodeId/seriesId or with a negative price");
        }
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
                .setParameter("eventId", event.id())
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> upsertSeries(EventEnvelope event, SeriesUpdated s) {
        if (blank(s.seriesId()) || s.bundlePriceCoins() < 0) {
            throw new InvalidEventException("series event without seriesId or with a negative bundle price");
        }
        Map<String, Integer> tiers = validTiers(s.regionalPricePercent());
        String[] regions = validRegions(s.regions());
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into catalog_series (series_id, episode_count, free_episodes, bundle_price_coins, published,
                            regions, age_rating, event_id, updated_at)
                        values (:seriesId, :episodeCount, :freeEpisodes, :bundlePriceCoins, :published,
                            :regions, :ageRating, :eventId, now())
                        on conflict (series_id) do update set episode_count = excluded.episode_count,
                            free_episodes = excluded.free_episodes, bundle_price_coins = excluded.bundle_price_coins,
                            published = excluded.published, regions = excluded.regions, age_rating = excluded.age_rating,
                            event_id = excluded.event_id, updated_at = excluded.updated_at
                        """)
                .setParameter("seriesId", s.seriesId())
                .setParameter("episodeCount", s.episodeCount())
                .setParameter("freeEpisodes", s.freeEpisodes())
                .setParameter("bundlePriceCoins", s.bundlePriceCoins())
                .setParameter("published", s.published())
                .setParameter("regions", regions)
                .setParameter("ageRating", s.ageRating())
                .setParameter("eventId", event.id())
                .executeUpdate()).chain(() -> replaceTiers(s.seriesId(), tiers));
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
     * A tombstone (null value) on the compacted topic deletes its key, an episode or a series id: whatever it was,
     * it is no longer sold. The row stays (unlocks refer to it), unpublished.
     */
    private Uni<Void> tombstone(String key) {
        if (blank(key)) {
            return Uni.createFrom().voidItem();
        }
        Log.infof("catalog tombstone for %s: no longer sold", key);
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("update catalog_series set published = false, updated_at = now() where series_id = :key")
                        .setParameter("key", key)
                        .executeUpdate())
                .chain(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("update catalog_episode set published = false, updated_at = now() where episode_id = :key")
                        .setParameter("key", key)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** Licence regions upper-cased; one that is not a region code makes the whole event unreadable. */
    static String[] validRegions(List<String> raw) {
        return raw.stream().map(code -> {
            if (code == null || !code.matches("[A-Za-z]{2}")) {
                throw new InvalidEventException("invalid licence region " + code);
            }
            return code.toUpperCase(Locale.ROOT);
        }).distinct().sorted().toArray(String[]::new);
    }

    /** Regions upper-cased; a tier we could not charge by makes the whole event unreadable (all or nothing). */
    static Map<String, Integer> validTiers(Map<String, Integer> raw) {
        Map<String, Integer> tiers = new TreeMap<>();
        raw.forEach((region, percent) -> {
            if (region == null || !region.matches("[A-Za-z]{2}") || percent == null
                    || percent < RegionalPricing.MIN_PERCENT || percent > RegionalPricing.MAX_PERCENT) {
                throw new InvalidEventException("invalid regional price tier " + region + "=" + percent);
            }
            if (tiers.put(region.toUpperCase(Locale.ROOT), percent) != null) {
                throw new InvalidEventException("regional price tier for " + region + " named twice");
            }
        });
        return tiers;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
