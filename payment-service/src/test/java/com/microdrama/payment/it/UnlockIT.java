package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class UnlockIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final String SERIES_UNLOCKS = "/api/payments/series-unlocks";

    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String SERIES = CATALOG.seriesId("a");
    private static final String OTHER_SERIES = CATALOG.seriesId("b");
    private static final String FREE = CATALOG.episodeId("1");
    private static final String EP4 = CATALOG.episodeId("4");
    private static final String EP5 = CATALOG.episodeId("5");
    private static final String EP6 = CATALOG.episodeId("6");
    private static final String UNPUBLISHED = CATALOG.episodeId("7");
    private static final String OTHER_EP = CATALOG.episodeId("b-4");

    private Api alice;

    @BeforeAll
    static void catalog() {
        CATALOG.series(SERIES, 300, true);
        CATALOG.series(OTHER_SERIES, 500, true);
        CATALOG.episode(FREE, SERIES, 1, true, 0, true);
        CATALOG.episode(EP4, SERIES, 4, false, 50, true);
        // a later state of the same episode wins (compacted topic semantics): 80 is the price
        CATALOG.episode(EP4, SERIES, 4, false, 80, true);
        CATALOG.episode(EP5, SERIES, 5, false, 80, true);
        CATALOG.episode(EP6, SERIES, 6, false, 90, true);
        CATALOG.episode(UNPUBLISHED, SERIES, 7, false, 80, false);
        CATALOG.episode(OTHER_EP, OTHER_SERIES, 4, false, 60, true);
        // enough paid episodes that the bundle stays cheaper than the locked episodes (see SeriesUnlockPriceIT)
        CATALOG.paidEpisodes(SERIES, 8, 2, 80);
        CATALOG.paidEpisodes(OTHER_SERIES, 5, 6, 100);
        CATALOG.awaitSeries(SERIES, 300);
        CATALOG.awaitSeries(OTHER_SERIES, 500);
        CATALOG.awaitEpisode(EP4, 80, true);
        CATALOG.awaitEpisode(EP5, 80, true);
        CATALOG.awaitEpisode(EP6, 90, true);
        CATALOG.awaitEpisode(FREE, 0, true);
        CATALOG.awaitEpisode(UNPUBLISHED, 80, false);
        CATALOG.awaitEpisode(OTHER_EP, 60, true);
    }

    @BeforeEach
    void freshWallet() {
        alice = Api.alice();
        TestDb.resetUsers(alice.userId);
    }

    @Test
    void unlockingAPaidEpisodeSpendsTheCatalogPriceAndPublishesEpisodePurchased() throws Exception {
        alice.buy("coins-500"); // 500 paid + 50 bonus
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            // the client's price is ignored: the catalog says 80
            String unlockId = alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(),
                            Map.of("episodeId", EP4, "priceCoins", 1))
                    .then()
                    .statusCode(201)
                    .body("unlockId", notNullValue())
                    .body("episodeId", equalTo(EP4))
                    .body("coinsSpent", equalTo(80))
                    .body("balance", equalTo(470))
                    .extract().path("unlockId");

            // bonus coins went first
            alice.get("/api/payments/wallet").then()
                    .body("balance", equalTo(470))
                    .body("bonusCoins", equalTo(0))
                    .body("paidCoins", equalTo(470));
            alice.get("/api/payments/wallet/ledger").then()
                    .body("items[0].type", equalTo("SPEND"))
                    .body("items[0].coins", equalTo(-80))
                    .body("items[0].balanceAfter", equalTo(470))
                    .body("items[0].reference", equalTo("episode-unlock:" + unlockId));

            List<ConsumerRecord<String, String>> records = probe.await(r -> r.value().contains(unlockId), 1,
                    Duration.ofSeconds(15));
            assertEquals(1, records.size());
            assertEquals(alice.userId, records.get(0).key());
            JsonNode event = JSON.readTree(records.get(0).value());
            assertEquals(EventTypes.EPISODE_PURCHASED, event.path("type").asText());
            assertEquals(alice.userId, event.path("subject").asText());
            JsonNode data = event.path("data");
            assertEquals(unlockId, data.path("unlockId").asText());
            assertEquals(alice.userId, data.path("userId").asText());
            assertEquals(EP4, data.path("episodeId").asText());
            assertEquals(SERIES, data.path("seriesId").asText());
            assertEquals(80, data.path("coinsSpent").asInt());
        }
    }

    @Test
    void eachUnlockIsSentOnceAtOnceAndItsOutboxRowMarkedPublished() throws Exception {
        alice.buy("coins-500");
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String replayedKey = UUID.randomUUID().toString();
            List<String> unlockIds = new java.util.ArrayList<>();
            for (String episode : List.of(EP4, EP5, EP6)) {
                String key = episode.equals(EP5) ? replayedKey : UUID.randomUUID().toString();
                unlockIds.add(alice.post(EPISODE_UNLOCKS, key, Map.of("episodeId", episode))
                        .then().statusCode(201).extract().path("unlockId"));
            }
            // a replayed answer publishes nothing new
            alice.post(EPISODE_UNLOCKS, replayedKey, Map.of("episodeId", EP5)).then().statusCode(201)
                    .header("Idempotent-Replayed", "true");

            // sent without waiting for the relay's one-second tick
            long start = System.nanoTime();
            probe.await(r -> unlockIds.stream().anyMatch(r.value()::contains), 3, Duration.ofSeconds(15));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 900,
                    "the events waited for a relay tick");
            // and never a second time: two ticks later there is still one record per unlock
            List<ConsumerRecord<String, String>> records = probe.collect(
                    r -> unlockIds.stream().anyMatch(r.value()::contains), Duration.ofMillis(2500));
            for (String unlockId : unlockIds) {
                assertEquals(1, records.stream().filter(r -> r.value().contains(unlockId)).count(), unlockId);
                assertEquals(1, TestDb.count("select count(*) from outbox_event where payload like ?"
                        + " and published_at is not null", "%" + unlockId + "%"), unlockId);
            }
        }
    }

    @Test
    void notEnoughCoinsIs402WithPriceAndBalanceAndChangesNothing() {
        alice.buy("coins-100");
        alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4)).then().statusCode(201);
        long ledgerEntries = TestDb.count("select count(*) from ledger_entry where user_id = ?", alice.userId);

        alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP5)).then()
                .statusCode(402)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "insufficient-coins"))
                .body("priceCoins", equalTo(80))
                .body("balance", equalTo(20));

        assertEquals(20, alice.balance());
        assertEquals(ledgerEntries, TestDb.count("select count(*) from ledger_entry where user_id = ?", alice.userId));
        assertEquals(0, TestDb.count("select count(*) from content_unlock where user_id = ? and episode_id = ?",
                alice.userId, EP5));
    }

    @Test
    void aRefusedUnlockCanBeRetriedWithTheSameKeyAfterToppingUp() {
        String key = UUID.randomUUID().toString();
        alice.post(EPISODE_UNLOCKS, key, Map.of("episodeId", EP6)).then().statusCode(402);

        alice.buy("coins-100");
        alice.post(EPISODE_UNLOCKS, key, Map.of("episodeId", EP6)).then()
                .statusCode(201)
                .body("coinsSpent", equalTo(90))
                .body("balance", equalTo(10));
    }

    @Test
    void retryingAnUnlockWithTheSameKeyChargesOnce() {
        alice.buy("coins-500");
        String key = UUID.randomUUID().toString();
        String first = alice.post(EPISODE_UNLOCKS, key, Map.of("episodeId", EP5)).then().statusCode(201)
                .extract().asString();
        alice.post(EPISODE_UNLOCKS, key, Map.of("episodeId", EP5)).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body(equalTo(first));

        assertEquals(470, alice.balance());
        alice.post(EPISODE_UNLOCKS, key, Map.of("episodeId", EP6)).then().statusCode(422);
    }

    @Test
    void unlockingTheSameEpisodeTwiceIs409AndChargesOnce() {
        alice.buy("coins-500");
        alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4)).then().statusCode(201);

        alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4)).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "already-unlocked"));
        assertEquals(470, alice.balance());
    }

    @Test
    void anUnknownEpisodeIs404() {
        alice.buy("coins-100");
        alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", CATALOG.episodeId("nope")))
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "unknown-episode"));
    }

    @Test
    void anUnpublishedEpisodeIs404() {
        alice.buy("coins-100");
        alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", UNPUBLISHED)).then()
                .statusCode(404)
                .body("type", equalTo(Api.PROBLEM + "unknown-episode"));
        assertEquals(100, alice.balance());
    }

    @Test
    void aFreeEpisodeIs400() {
        alice.buy("coins-100");
        alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", FREE)).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "free-episode"));
        assertEquals(100, alice.balance());
    }

    @Test
    void unlockingASeriesSpendsTheBundlePriceOnceAndCoversItsEpisodes() throws Exception {
        alice.buy("coins-500"); // 550
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String unlockId = alice.post(SERIES_UNLOCKS, UUID.randomUUID().toString(),
                            Map.of("seriesId", SERIES, "bundlePriceCoins", 1))
                    .then()
                    .statusCode(201)
                    .body("seriesId", equalTo(SERIES))
                    .body("coinsSpent", equalTo(300))
                    .body("balance", equalTo(250))
                    .extract().path("unlockId");

            alice.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES)).then()
                    .statusCode(409)
                    .body("type", equalTo(Api.PROBLEM + "already-unlocked"));
            // an episode of an owned series is not sold again
            alice.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP5)).then()
                    .statusCode(409)
                    .body("type", equalTo(Api.PROBLEM + "already-unlocked"));
            assertEquals(250, alice.balance());

            List<ConsumerRecord<String, String>> records = probe.await(r -> r.value().contains(unlockId), 1,
                    Duration.ofSeconds(15));
            assertEquals(1, records.size());
            assertEquals(alice.userId, records.get(0).key());
            JsonNode event = JSON.readTree(records.get(0).value());
            assertEquals(EventTypes.SERIES_PURCHASED, event.path("type").asText());
            assertEquals(SERIES, event.path("data").path("seriesId").asText());
            assertEquals(300, event.path("data").path("coinsSpent").asInt());
        }
    }

    @Test
    void seriesUnlockErrors() {
        alice.buy("coins-100");
        alice.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", CATALOG.seriesId("nope"))).then()
                .statusCode(404)
                .body("type", equalTo(Api.PROBLEM + "unknown-series"));
        alice.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", OTHER_SERIES)).then()
                .statusCode(402)
                .body("priceCoins", equalTo(500))
                .body("balance", equalTo(100));
    }

    @Test
    void aMissingKeyIs400ForUnlocksToo() {
        alice.post(EPISODE_UNLOCKS, null, Map.of("episodeId", EP4)).then()
                .statusCode(400)
                .body("type", equalTo(Api.PROBLEM + "idempotency-key-required"));
    }
}
