package com.microdrama.payment.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static com.microdrama.testsupport.TopicReader.header;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared catalog-events policy (docs/decisions/0004-catalog-events-consumers.md) as payment-service applies it;
 * entitlement-service's {@code CatalogPolicyIT} sends the same records and expects the same outcomes.
 */
@QuarkusTest
class CatalogPolicyIT {
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final CatalogFixture CATALOG = new CatalogFixture();

    @Test
    void aNegativePriceIsDeadLetteredUnappliedAndANewerVersionIsReadPastWithoutADeadLetter() {
        String seriesId = CATALOG.seriesId("policy");
        String episodeId = CATALOG.episodeId("policy");
        Predicate<ConsumerRecord<String, String>> ours = r -> episodeId.equals(r.key());
        try (TopicReader deadLetters = TopicReader.atEndOf(Topics.PAYMENT_DLQ)) {
            CATALOG.episode(episodeId, seriesId, 4, false, -80, true);
            List<ConsumerRecord<String, String>> dead = deadLetters.await(ours, 1, Duration.ofSeconds(30));
            assertEquals(1, dead.size(), "the negative price is dead-lettered");
            ConsumerRecord<String, String> letter = dead.get(0);
            assertEquals(Topics.CATALOG_EVENTS, header(letter, "dead-letter-topic"));
            assertTrue(letter.value().contains("-80"), letter.value());
            assertTrue(header(letter, "dead-letter-reason").contains("priceCoins"), header(letter, "dead-letter-reason"));
            assertEquals(0, TestDb.count("select count(*) from catalog_episode where episode_id = ?", episodeId),
                    "nothing of the dead-lettered record was applied");

            // Under the same key as the valid state that follows: same partition, read in this order.
            CatalogFixture.send(episodeId, EventEnvelope.of("/catalog-service",
                    "com.microdrama.catalog.episode-updated.v2", episodeId, Map.of("episodeId", episodeId)).toJson());
            CATALOG.episode(episodeId, seriesId, 4, false, 80, true);
            CATALOG.awaitEpisode(episodeId, 80, true);
            // Another payment-service on the topic (a running demo) dead-letters the same record: count source offsets.
            long sources = deadLetters.collect(ours, Duration.ofSeconds(3)).stream()
                    .map(r -> header(r, "dead-letter-offset")).distinct().count();
            assertEquals(1, sources, "the newer version was read past, not dead-lettered");
        }
    }

    @Test
    void aTombstonedEpisodeIsRefusedAsUnknownAndItsSiblingStaysOnSale() {
        String seriesId = CATALOG.seriesId("episode-deleted");
        CATALOG.series(seriesId, 300, true);
        CATALOG.paidEpisodes(seriesId, 4, 2, 80);
        CATALOG.awaitSeries(seriesId, 300);
        String deleted = seriesId + "-ep-5";
        CATALOG.tombstone(deleted);
        CATALOG.tombstone(deleted);
        CATALOG.awaitEpisode(deleted, 80, false);

        Api viewer = Api.fresh("epdel");
        viewer.buy("coins-500");
        long before = viewer.balance();
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", deleted)).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "unknown-episode"));
        assertEquals(before, viewer.balance());
        viewer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", seriesId + "-ep-4")).then()
                .statusCode(201)
                .body("coinsSpent", equalTo(80));
    }
}
