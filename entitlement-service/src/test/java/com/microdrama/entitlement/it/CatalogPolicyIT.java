package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodeUpdated;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microdrama.testsupport.TopicReader.header;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared catalog-events policy (docs/decisions/0004-catalog-events-consumers.md) as entitlement-service applies
 * it; payment-service's {@code CatalogPolicyIT} sends the same records and expects the same outcomes.
 */
@QuarkusTest
class CatalogPolicyIT {
    private static final String PROBLEMS = "https://microdrama.example/problems/";

    @Test
    void aNegativePriceIsDeadLetteredAndANewerVersionIsReadPastWithoutADeadLetter() {
        try (TopicReader deadLetters = TopicReader.atEndOf(Topics.ENTITLEMENT_DLQ)) {
            negativePriceAndNewerVersion(deadLetters);
        }
    }

    private static void negativePriceAndNewerVersion(TopicReader deadLetters) {
        String run = UUID.randomUUID().toString();
        String episodeId = "it-policy-ep-" + run;
        String seriesId = "it-policy-series-" + run;
        // Under the key of the valid state that follows: same partition, so that state applies only after both
        // were read past.
        TestKafka.send(Topics.CATALOG_EVENTS, episodeId, EventEnvelope.of("/catalog-service", EventTypes.EPISODE_UPDATED,
                episodeId, new EpisodeUpdated(episodeId, seriesId, 2, false, -80, true)).toJson());
        TestKafka.send(Topics.CATALOG_EVENTS, episodeId, EventEnvelope.of("/catalog-service",
                "com.microdrama.catalog.episode-updated.v2", episodeId, Map.of("episodeId", episodeId)).toJson());
        TestKafka.episode(episodeId, seriesId, 2, false);

        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count(
                "select count(*) from catalog_episode where episode_id = ? and price_coins = 80", episodeId) == 1);
        // Another consumer group on the topic (a running demo) dead-letters the same record too: one per source record.
        List<ConsumerRecord<String, String>> dead = deadLetters.collect(
                r -> r.value() != null && r.value().contains(episodeId), Duration.ofSeconds(5));
        assertEquals(1, dead.stream().map(r -> header(r, "dead-letter-offset")).distinct().count(),
                "only the negative price is dead-lettered, not the newer version: " + dead);
        ConsumerRecord<String, String> letter = dead.get(0);
        assertEquals(Topics.CATALOG_EVENTS, header(letter, "dead-letter-topic"));
        assertEquals(episodeId, letter.key());
        assertTrue(letter.value().contains("-80"), letter.value());
        assertTrue(header(letter, "dead-letter-reason").contains("priceCoins"), header(letter, "dead-letter-reason"));
    }

    @Test
    void aTombstonedEpisodeIsAnsweredAsUnknownAndASecondTombstoneChangesNothingMore() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String seriesId = "it-tomb-series-" + run;
        String kept = "it-tomb-kept-" + run;
        String deleted = "it-tomb-deleted-" + run;
        TestKafka.freeFirstSeries(seriesId, kept, deleted);
        check(deleted).statusCode(200);

        TestKafka.send(Topics.CATALOG_EVENTS, deleted, null);
        TestKafka.send(Topics.CATALOG_EVENTS, deleted, null);

        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count(
                "select count(*) from catalog_episode where episode_id = ? and not published", deleted) == 1);
        check(deleted).statusCode(404)
                .body("type", equalTo(PROBLEMS + "unknown-episode"))
                .body("episodeId", equalTo(deleted));
        check(kept).statusCode(200).body("allowed", equalTo(true));
    }

    private static ValidatableResponse check(String episodeId) {
        return given().auth().oauth2(Alice.TOKEN).queryParam("episodeId", episodeId)
                .when().get("/api/entitlements/check")
                .then();
    }
}
