package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Regional prices charged: the series has a 50 % tier for IN and 150 % for CH; the buyer's region comes from the
 * Keycloak user attribute {@code region}, mapped into the token's claim, and from nowhere else.
 */
@QuarkusTest
class RegionalPriceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final String SERIES_UNLOCKS = "/api/payments/series-unlocks";
    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String SERIES = CATALOG.seriesId("rp");
    private static final String EP4 = CATALOG.episodeId("rp-4");
    private static final String EP5 = CATALOG.episodeId("rp-5");
    private static final String OTHER_SERIES = CATALOG.seriesId("rp-later");
    private static final String OTHER_EP = CATALOG.episodeId("rp-later-4");

    @BeforeAll
    static void catalog() {
        CATALOG.series(SERIES, 400, true, Map.of("IN", 50, "CH", 150));
        CATALOG.episode(EP4, SERIES, 4, false, 80, true);
        CATALOG.episode(EP5, SERIES, 5, false, 75, true);
        CATALOG.series(OTHER_SERIES, 300, true, Map.of("IN", 50));
        CATALOG.episode(OTHER_EP, OTHER_SERIES, 4, false, 60, true);
        // enough paid episodes that the bundle stays cheaper than the locked episodes (see SeriesUnlockPriceIT)
        CATALOG.paidEpisodes(SERIES, 6, 5, 80);
        CATALOG.paidEpisodes(OTHER_SERIES, 5, 4, 100);
        CATALOG.awaitTier(SERIES, "IN", 50, 2);
        CATALOG.awaitTier(OTHER_SERIES, "IN", 50, 1);
        CATALOG.awaitEpisode(EP4, 80, true);
        CATALOG.awaitEpisode(EP5, 75, true);
        CATALOG.awaitEpisode(OTHER_EP, 60, true);
    }

    @Test
    void aBuyerInARegionWithATierPaysTheRegionalPriceForEpisodesAndTheBundle() throws Exception {
        Api india = Api.freshWithAttributes(Map.of("region", "IN"));
        india.buy("coins-500"); // 550

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            // a region in the body is not the buyer's region: ignored
            String unlockId = india.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(),
                            Map.of("episodeId", EP4, "region", "CH"))
                    .then().statusCode(201)
                    .body("coinsSpent", equalTo(40))
                    .body("balance", equalTo(510))
                    .extract().path("unlockId");
            // 75 × 50 % = 37.5, rounded up like catalog-service shows it
            india.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP5))
                    .then().statusCode(201).body("coinsSpent", equalTo(38)).body("balance", equalTo(472));
            india.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES))
                    .then().statusCode(201).body("coinsSpent", equalTo(200)).body("balance", equalTo(272));

            List<ConsumerRecord<String, String>> events = probe.await(r -> r.value().contains(unlockId)
                    && r.value().contains(EventTypes.EPISODE_PURCHASED), 1, Duration.ofSeconds(15));
            assertEquals(1, events.size());
            JsonNode data = JSON.readTree(events.get(0).value()).path("data");
            assertEquals(40, data.path("coinsSpent").asInt());
            assertEquals(india.userId, events.get(0).key());
            assertEquals(1, probe.await(r -> r.value().contains(EventTypes.SERIES_PURCHASED) && r.value().contains(SERIES)
                    && r.value().contains(india.userId) && r.value().contains("\"coinsSpent\":200"), 1, Duration.ofSeconds(15)).size());
            assertEquals("IN|80|40", TestDb.rows("select region, base_price_coins, coins_spent from content_unlock "
                    + "where id = cast(? as uuid)", unlockId).get(0));
        }
        assertEquals(272, india.balance());
    }

    @Test
    void noClaimOrARegionWithoutATierPaysTheBasePriceWhateverTheBodySays() {
        Api plain = Api.fresh("rp-base");
        plain.buy("coins-500");
        plain.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4, "region", "IN"))
                .then().statusCode(201).body("coinsSpent", equalTo(80));

        Api germany = Api.freshWithAttributes(Map.of("region", "DE"));
        germany.buy("coins-500-eur"); // a German buyer shops in the German market
        germany.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4))
                .then().statusCode(201).body("coinsSpent", equalTo(80)).body("balance", equalTo(470));

        Api swiss = Api.freshWithAttributes(Map.of("region", "CH"));
        swiss.buy("coins-500");
        swiss.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4))
                .then().statusCode(201).body("coinsSpent", equalTo(120));
    }

    @Test
    void anExpectedPriceMustBeTheRegionalPrice() {
        Api india = Api.freshWithAttributes(Map.of("region", "IN"));
        india.buy("coins-100");
        india.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4, "expectedPriceCoins", 80))
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "price-mismatch"))
                .body("priceCoins", equalTo(40))
                .body("expectedPriceCoins", equalTo(80));
        india.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES, "expectedPriceCoins", 400))
                .then().statusCode(409).body("type", equalTo(Api.PROBLEM + "price-mismatch")).body("priceCoins", equalTo(200));
        assertEquals(100, india.balance(), "nothing was charged");
        india.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP4, "expectedPriceCoins", 40))
                .then().statusCode(201).body("coinsSpent", equalTo(40)).body("balance", equalTo(60));
        india.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", EP5, "expectedPriceCoins", -1))
                .then().statusCode(400).body("type", equalTo(Api.PROBLEM + "validation-failed"));
    }

    @Test
    void aSeriesUpdateWithoutTiersBringsTheBasePriceBack() {
        Api india = Api.freshWithAttributes(Map.of("region", "IN"));
        india.buy("coins-500");
        india.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", OTHER_EP))
                .then().statusCode(201).body("coinsSpent", equalTo(30));

        CATALOG.series(OTHER_SERIES, 300, true);
        CATALOG.awaitNoTiers(OTHER_SERIES);
        india.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", OTHER_SERIES))
                .then().statusCode(201).body("coinsSpent", equalTo(300));
    }
}
