package com.microdrama.catalog.events;

import com.microdrama.catalog.testing.AdminApi;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.microdrama.catalog.testing.AdminApi.episodeId;
import static com.microdrama.catalog.testing.AdminApi.freshId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admin writes reach the real catalog-events topic through the marker relay, with the state after the write. */
@QuarkusTest
class CatalogChangeEventsIT {
    private static final String ADMIN = "/api/catalog/admin";

    @Inject
    Pool database;

    @Test
    void everyAdminWritePublishesTheCurrentStateOfWhatItChanged() {
        String id = freshId("events");
        String ep1 = episodeId(id, 1);
        String ep2 = episodeId(id, 2);
        String ep3 = episodeId(id, 3);
        try (TopicReader topic = TopicReader.atEndOf(Topics.CATALOG_EVENTS, key -> key.startsWith(id))) {
            AdminApi.createSeries(AdminApi.seriesBody(id));
            AdminApi.addEpisodes(id, 3);
            Map<String, EventEnvelope> drafts = topic.awaitLatest(EventEnvelope::parse, latest -> latest.size() == 4);
            assertEquals(new EpisodeUpdated(ep2, id, 2, false, 60, false), data(drafts, ep2, EpisodeUpdated.class));
            assertEquals(adminSeries(id, 0, 0, 300, false, Map.of()), data(drafts, id, SeriesUpdated.class));
            assertEquals(EventTypes.EPISODE_UPDATED, drafts.get(ep2).type());
            assertEquals(ep2, drafts.get(ep2).subject());
            assertEquals(EventTypes.SERIES_UPDATED, drafts.get(id).type());

            AdminApi.publishAll(id, 3);
            AdminApi.put(ADMIN + "/series/" + id + "/pricing",
                    Map.of("freeEpisodes", 2, "episodePriceCoins", 75, "bundlePriceCoins", 180));
            AdminApi.put(ADMIN + "/episodes/" + ep1 + "/price", Map.of("priceCoins", 130));

            EpisodeUpdated ep1Now = new EpisodeUpdated(ep1, id, 1, true, 0, true);
            EpisodeUpdated ep2Now = new EpisodeUpdated(ep2, id, 2, true, 0, true);
            EpisodeUpdated ep3Now = new EpisodeUpdated(ep3, id, 3, false, 75, true);
            SeriesUpdated seriesNow = adminSeries(id, 3, 2, 180, true, Map.of());
            Map<String, EventEnvelope> latest = topic.awaitLatest(EventEnvelope::parse, events -> events.size() == 4
                    && ep2Now.equals(data(events, ep2, EpisodeUpdated.class))
                    && ep3Now.equals(data(events, ep3, EpisodeUpdated.class))
                    && seriesNow.equals(data(events, id, SeriesUpdated.class)));
            // free because within freeEpisodes, whatever its own price says
            assertEquals(ep1Now, data(latest, ep1, EpisodeUpdated.class));
            assertEquals(ep2Now, data(latest, ep2, EpisodeUpdated.class));
            assertEquals(ep3Now, data(latest, ep3, EpisodeUpdated.class));
            assertEquals(seriesNow, data(latest, id, SeriesUpdated.class));

            // the price of a paid episode: its override, and back to the series default once cleared
            AdminApi.put(ADMIN + "/episodes/" + ep3 + "/price", Map.of("priceCoins", 130));
            topic.awaitLatest(EventEnvelope::parse,
                    events -> data(events, ep3, EpisodeUpdated.class).priceCoins() == 130);
            java.util.HashMap<String, Object> clear = new java.util.HashMap<>();
            clear.put("priceCoins", null);
            AdminApi.put(ADMIN + "/episodes/" + ep3 + "/price", clear);
            Map<String, EventEnvelope> cleared = topic.awaitLatest(EventEnvelope::parse,
                    events -> data(events, ep3, EpisodeUpdated.class).priceCoins() == 75);
            assertEquals(75, data(cleared, ep3, EpisodeUpdated.class).priceCoins());

            AdminApi.post(ADMIN + "/episodes/" + ep3 + "/unpublish");
            Map<String, EventEnvelope> unpublished = topic.awaitLatest(EventEnvelope::parse,
                    events -> !data(events, ep3, EpisodeUpdated.class).published()
                            && data(events, id, SeriesUpdated.class).episodeCount() == 2);
            assertEquals(adminSeries(id, 2, 2, 180, true, Map.of()), data(unpublished, id, SeriesUpdated.class));
        }
        assertNoMarkersLeft(id);
    }

    @Test
    void regionalTiersTravelWithTheSeriesAndEveryTierChangePublishesItAgain() {
        String id = freshId("tiers");
        String tiers = ADMIN + "/series/" + id + "/regional-pricing";
        try (TopicReader topic = TopicReader.atEndOf(Topics.CATALOG_EVENTS, key -> key.equals(id))) {
            AdminApi.createSeries(AdminApi.seriesBody(id));
            topic.awaitLatest(EventEnvelope::parse, events -> events.containsKey(id));

            AdminApi.put(tiers, Map.of("tiers", List.of(Map.of("region", "in", "pricePercent", 50),
                    Map.of("region", "BR", "pricePercent", 80))));
            Map<String, EventEnvelope> tiered = topic.awaitLatest(EventEnvelope::parse,
                    events -> !data(events, id, SeriesUpdated.class).regionalPricePercent().isEmpty());
            SeriesUpdated withTiers = data(tiered, id, SeriesUpdated.class);
            assertEquals(adminSeries(id, 0, 0, 300, false, Map.of("IN", 50, "BR", 80)), withTiers);
            // what payment-service will charge in India for the bundle and for a 60-coin episode
            assertEquals(150, withTiers.priceIn("IN", 300));
            assertEquals(48, withTiers.priceIn("br", 60));
            assertEquals(60, withTiers.priceIn("US", 60));

            AdminApi.put(tiers, Map.of("tiers", List.of(Map.of("region", "IN", "pricePercent", 50))));
            Map<String, EventEnvelope> oneRemoved = topic.awaitLatest(EventEnvelope::parse,
                    events -> data(events, id, SeriesUpdated.class).regionalPricePercent().size() == 1);
            assertEquals(Map.of("IN", 50), data(oneRemoved, id, SeriesUpdated.class).regionalPricePercent());

            AdminApi.put(tiers, Map.of("tiers", List.of()));
            Map<String, EventEnvelope> none = topic.awaitLatest(EventEnvelope::parse,
                    events -> data(events, id, SeriesUpdated.class).regionalPricePercent().isEmpty());
            assertEquals(adminSeries(id, 0, 0, 300, false, Map.of()), data(none, id, SeriesUpdated.class));
        }
        assertNoMarkersLeft(id);
    }

    @Test
    void aCommittedChangeWhosePublicationWasLostIsPublishedFromItsMarker() {
        String id = freshId("crash");
        AdminApi.createSeries(AdminApi.seriesBody(id));
        assertNoMarkersLeft(id);
        try (TopicReader topic = TopicReader.atEndOf(Topics.CATALOG_EVENTS, key -> key.equals(id))) {
            // as if the process died right after committing: the change and its marker, and nothing sent yet
            database.withTransaction(tx -> tx
                            .preparedQuery("update series set bundle_price_coins = 999 where id = $1")
                            .execute(Tuple.of(id))
                            .flatMap(done -> tx.preparedQuery("insert into catalog_change (kind, key, seq)"
                                    + " values ('series', $1, nextval('catalog_change_seq'))").execute(Tuple.of(id))))
                    .await().atMost(Duration.ofSeconds(5));

            Map<String, EventEnvelope> latest = topic.awaitLatest(EventEnvelope::parse,
                    events -> events.containsKey(id));
            assertEquals(adminSeries(id, 0, 0, 999, false, Map.of()), data(latest, id, SeriesUpdated.class));
        }
        assertNoMarkersLeft(id);
    }

    private void assertNoMarkersLeft(String keyPrefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long left;
        do {
            left = database.preparedQuery("select count(*) from catalog_change where key like $1")
                    .execute(Tuple.of(keyPrefix + "%"))
                    .await().atMost(Duration.ofSeconds(5))
                    .iterator().next().getLong(0);
        } while (left > 0 && System.nanoTime() < deadline && sleep());
        assertTrue(left == 0, left + " markers of " + keyPrefix + " were never cleared");
    }

    private static boolean sleep() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static <T> T data(Map<String, EventEnvelope> events, String key, Class<T> type) {
        EventEnvelope event = events.get(key);
        return event == null ? null : event.dataAs(type);
    }

    /** A series-updated event of a series made with {@link AdminApi#seriesBody}: its licence region and rating. */
    private static SeriesUpdated adminSeries(String id, int episodes, int free, int bundle, boolean published,
                                             Map<String, Integer> tiers) {
        return new SeriesUpdated(id, episodes, free, bundle, published, tiers, List.of(AdminApi.TEST_REGION), "13+");
    }
}
