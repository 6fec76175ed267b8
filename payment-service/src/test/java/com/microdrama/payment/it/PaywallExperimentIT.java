package com.microdrama.payment.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A viewer is charged their paywall-experiment arm's offer (docs/decisions/0036-paywall-experiments.md): the series
 * gives episodes 1..3 free and sells 4..12 at 100 (bundle 1000); the arm "eight-at-60" gives 1..8 free and sells
 * the rest at 60, the control arm is the catalog's offer. Viewers are real Keycloak users; the experiment id is
 * picked so that each of them lands in the arm the test needs (the assignment is a pure function of both ids).
 */
@QuarkusTest
class PaywallExperimentIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    private static final String SERIES_UNLOCKS = "/api/payments/series-unlocks";
    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String SERIES = CATALOG.seriesId("exp");
    private static final String ENDED_SERIES = CATALOG.seriesId("exp-ended");
    private static final PaywallVariant CONTROL = new PaywallVariant("control", 50, null, null);
    private static final PaywallVariant EIGHT_AT_60 = new PaywallVariant("eight-at-60", 50, 8, 60);

    private static Api armBuyer;
    private static Api controlBuyer;
    private static Api armInIndia;
    private static Api armGuessing;
    private static Api controlGuessing;
    private static Api armSeries;
    private static Api controlSeries;
    private static Api exposed;
    private static Api armWhenEnded;
    private static PaywallExperiment experiment;

    @BeforeAll
    static void catalogAndViewers() {
        armBuyer = Api.fresh("exp-arm");
        controlBuyer = Api.fresh("exp-control");
        armInIndia = Api.freshWithAttributes(Map.of("region", "IN"));
        armGuessing = Api.fresh("exp-arm-guess");
        controlGuessing = Api.fresh("exp-control-guess");
        armSeries = Api.fresh("exp-arm-series");
        controlSeries = Api.fresh("exp-control-series");
        exposed = Api.fresh("exp-exposed");
        armWhenEnded = Api.fresh("exp-ended");

        Map<Api, PaywallVariant> arms = new LinkedHashMap<>();
        arms.put(armBuyer, EIGHT_AT_60);
        arms.put(controlBuyer, CONTROL);
        arms.put(armInIndia, EIGHT_AT_60);
        arms.put(armGuessing, EIGHT_AT_60);
        arms.put(controlGuessing, CONTROL);
        arms.put(armSeries, EIGHT_AT_60);
        arms.put(controlSeries, CONTROL);
        arms.put(exposed, CONTROL);
        experiment = experimentPlacing(SERIES, arms);
        // India pays 50 % of every coin price of the series
        CATALOG.series(SERIES, 12, 3, 1000, Map.of("IN", 50), experiment);
        episodes(SERIES);
        CATALOG.awaitExperiment(SERIES, experiment.experimentId());

        PaywallExperiment ending = experimentPlacing(ENDED_SERIES, Map.of(armWhenEnded, EIGHT_AT_60));
        CATALOG.series(ENDED_SERIES, 12, 3, 1000, Map.of(), ending);
        episodes(ENDED_SERIES);
        CATALOG.awaitExperiment(ENDED_SERIES, ending.experimentId());
        CATALOG.awaitTier(SERIES, "IN", 50, 1);
    }

    /** Episodes 1..3 free, 4..12 at 100, as catalog-service describes them. */
    private static void episodes(String seriesId) {
        for (int n = 1; n <= 3; n++) {
            CATALOG.episode(seriesId + "-ep-" + n, seriesId, n, true, 0, true);
        }
        CATALOG.paidEpisodes(seriesId, 4, 9, 100);
    }

    /** An experiment on the series whose id puts every given viewer in the given arm (ids looped until it does). */
    private static PaywallExperiment experimentPlacing(String seriesId, Map<Api, PaywallVariant> arms) {
        String experimentId = IntStream.range(0, 1_000_000).mapToObj(i -> seriesId + "-x" + i)
                .filter(id -> arms.entrySet().stream().allMatch(a -> new PaywallExperiment(id, Instant.EPOCH,
                        List.of(CONTROL, EIGHT_AT_60)).variantFor(a.getKey().userId).equals(a.getValue())))
                .findFirst().orElseThrow();
        return new PaywallExperiment(experimentId, Instant.parse("2026-12-01T00:00:00Z"), List.of(CONTROL, EIGHT_AT_60));
    }

    private static String ep(int n) {
        return SERIES + "-ep-" + n;
    }

    @Test
    void aViewerInTheCheaperArmIsChargedItsPriceAndThePurchaseEventNamesTheArm() throws Exception {
        armBuyer.buy("coins-100"); // 100, no bonus
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String unlockId = armBuyer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(),
                            Map.of("episodeId", ep(9), "expectedPriceCoins", 60))
                    .then().statusCode(201)
                    .body("coinsSpent", equalTo(60))
                    .body("balance", equalTo(40))
                    .extract().path("unlockId");

            List<ConsumerRecord<String, String>> events = probe.await(r -> r.value().contains(unlockId)
                    && r.value().contains(EventTypes.EPISODE_PURCHASED), 1, Duration.ofSeconds(15));
            assertEquals(1, events.size());
            JsonNode data = JSON.readTree(events.get(0).value()).path("data");
            assertEquals(60, data.path("coinsSpent").asInt());
            assertEquals(experiment.experimentId(), data.path("experimentId").asText());
            assertEquals("eight-at-60", data.path("variant").asText());
            assertEquals(experiment.experimentId() + "|eight-at-60|60|60", TestDb.rows("select experiment_id, variant, "
                    + "base_price_coins, coins_spent from content_unlock where id = cast(? as uuid)", unlockId).get(0));
        }
        assertEquals(40, armBuyer.balance());
    }

    @Test
    void theArmsFreeEpisodeIsNotSoldToItsViewerWhileAControlViewerBuysItAtTheControlPrice() throws Exception {
        armBuyer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(7)))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "free-episode"));
        assertEquals(0, TestDb.count("select count(*) from content_unlock where user_id = ? and episode_id = ?",
                armBuyer.userId, ep(7)));

        controlBuyer.buy("coins-100"); // 100
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String unlockId = controlBuyer.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(7)))
                    .then().statusCode(201)
                    .body("coinsSpent", equalTo(100))
                    .body("balance", equalTo(0))
                    .extract().path("unlockId");
            JsonNode data = JSON.readTree(probe.await(r -> r.value().contains(unlockId), 1, Duration.ofSeconds(15))
                    .get(0).value()).path("data");
            assertEquals(experiment.experimentId(), data.path("experimentId").asText());
            assertEquals("control", data.path("variant").asText());
        }
    }

    @Test
    void theArmsPriceIsScaledByTheBuyersRegionalTier() {
        armInIndia.buy("coins-500"); // 550
        // 60 x 50 %, the number catalog-service shows this viewer
        armInIndia.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(10), "expectedPriceCoins", 30))
                .then().statusCode(201).body("coinsSpent", equalTo(30)).body("balance", equalTo(520));
        assertEquals("IN|60|30", TestDb.rows("select region, base_price_coins, coins_spent from content_unlock "
                + "where user_id = ? and episode_id = ?", armInIndia.userId, ep(10)).get(0));
        // bundle 1000 x 50 % = 500 > episodes 9, 11, 12 at 30 = 90
        armInIndia.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES))
                .then().statusCode(201).body("coinsSpent", equalTo(90)).body("balance", equalTo(430));
    }

    @Test
    void anExpectedPriceOfTheOtherArmIsAPriceMismatchAndChargesNothing() {
        armGuessing.buy("coins-100");
        controlGuessing.buy("coins-100");
        armGuessing.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(10), "expectedPriceCoins", 100))
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "price-mismatch"))
                .body("priceCoins", equalTo(60))
                .body("expectedPriceCoins", equalTo(100));
        controlGuessing.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(10), "expectedPriceCoins", 60))
                .then().statusCode(409)
                .body("type", equalTo(Api.PROBLEM + "price-mismatch"))
                .body("priceCoins", equalTo(100));
        assertEquals(100, armGuessing.balance(), "nothing was charged");
        assertEquals(100, controlGuessing.balance(), "nothing was charged");
    }

    @Test
    void theSeriesUnlockCostsOnlyTheEpisodesStillLockedInTheArmAtItsPrice() throws Exception {
        armSeries.buy("coins-1000"); // 1150
        controlSeries.buy("coins-1000");
        // arm: episodes 9..12 at 60 = 240 < bundle 1000; control: 4..12 at 100 = 900
        armSeries.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES, "expectedPriceCoins", 900))
                .then().statusCode(409).body("type", equalTo(Api.PROBLEM + "price-mismatch")).body("priceCoins", equalTo(240));
        controlSeries.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES, "expectedPriceCoins", 240))
                .then().statusCode(409).body("type", equalTo(Api.PROBLEM + "price-mismatch")).body("priceCoins", equalTo(900));
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String unlockId = armSeries.post(SERIES_UNLOCKS, UUID.randomUUID().toString(),
                            Map.of("seriesId", SERIES, "expectedPriceCoins", 240))
                    .then().statusCode(201).body("coinsSpent", equalTo(240)).body("balance", equalTo(910))
                    .extract().path("unlockId");
            JsonNode event = JSON.readTree(probe.await(r -> r.value().contains(unlockId), 1, Duration.ofSeconds(15))
                    .get(0).value());
            assertEquals(EventTypes.SERIES_PURCHASED, event.path("type").asText());
            assertEquals(experiment.experimentId(), event.path("data").path("experimentId").asText());
            assertEquals("eight-at-60", event.path("data").path("variant").asText());
        }
        controlSeries.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES))
                .then().statusCode(201).body("coinsSpent", equalTo(900));
    }

    @Test
    void anEpisodeEntitlementServiceAnswersFreeForTheViewerIsNeitherSoldNorCountedInTheSeriesPrice() {
        // e.g. an arm of an earlier experiment gave this viewer episode 5 (an exposure outlives the experiment)
        EntitlementStandIn.grant(exposed.userId, SERIES, ep(5), "free");
        exposed.buy("coins-1000"); // 1150
        exposed.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", ep(5)))
                .then().statusCode(400)
                .body("type", equalTo(Api.PROBLEM + "free-episode"));
        // control arm: 4 and 6..12 at 100
        exposed.post(SERIES_UNLOCKS, UUID.randomUUID().toString(), Map.of("seriesId", SERIES))
                .then().statusCode(201).body("coinsSpent", equalTo(800)).body("balance", equalTo(350));
    }

    @Test
    void aSeriesEventWithoutTheExperimentEndsItAndTheCatalogsOfferIsChargedAgain() throws Exception {
        String episode = ENDED_SERIES + "-ep-7";
        armWhenEnded.buy("coins-100"); // 100
        armWhenEnded.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", episode))
                .then().statusCode(400).body("type", equalTo(Api.PROBLEM + "free-episode"));

        CATALOG.series(ENDED_SERIES, 12, 3, 1000, Map.of(), null);
        CATALOG.awaitExperiment(ENDED_SERIES, null);
        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String unlockId = armWhenEnded.post(EPISODE_UNLOCKS, UUID.randomUUID().toString(), Map.of("episodeId", episode))
                    .then().statusCode(201).body("coinsSpent", equalTo(100))
                    .extract().path("unlockId");
            JsonNode data = JSON.readTree(probe.await(r -> r.value().contains(unlockId), 1, Duration.ofSeconds(15))
                    .get(0).value()).path("data");
            assertTrue(data.path("experimentId").isNull() || data.path("experimentId").isMissingNode(),
                    "no experiment: " + data);
            assertTrue(data.path("variant").isNull() || data.path("variant").isMissingNode(), "no arm: " + data);
        }
        assertEquals("||100", TestDb.rows("select coalesce(experiment_id, ''), coalesce(variant, ''), base_price_coins "
                + "from content_unlock where user_id = ? and episode_id = ?", armWhenEnded.userId, episode).get(0));
    }
}
