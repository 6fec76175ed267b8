package com.microdrama.catalog.experiment;

import com.microdrama.catalog.testing.AdminApi;
import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.catalog.testing.Viewers;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.events.viewer.ViewerRegion;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * An admin runs "4 free at 40 coins" against the series' own "2 free at 60": every signed-in viewer sees their arm's
 * offer on the series page and in the 402, the series event carries the experiment to payment and entitlement, and
 * stopping it rolls the winner out as the series' own (docs/decisions/0036-paywall-experiments.md).
 */
@QuarkusTest
class PaywallExperimentIT {
    private static final String ADMIN = "/api/catalog/admin/series/";

    @BeforeEach
    void reset() {
        EntitlementStandIn.reset();
    }

    @Test
    void aViewerSeesTheirArmsOfferAndStoppingRollsTheWinnerOut() {
        String series = AdminApi.publishedSeries("experiment", 6,
                Map.of("freeEpisodes", 2, "episodePriceCoins", 60, "bundlePriceCoins", 500));
        String experimentId = series + "-exp";
        String control = viewerIn(experimentId, "control");
        String generous = viewerIn(experimentId, "four-free");

        try (TopicReader catalog = TopicReader.atEndOf(Topics.CATALOG_EVENTS, series::equals);
             TopicReader viewing = TopicReader.atEndOf(Topics.VIEWING_EVENTS, series::equals)) {
            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                    .body(experiment(experimentId))
                    .when().post(ADMIN + series + "/experiments")
                    .then().statusCode(201)
                    .header("Location", containsString("/experiments/" + experimentId))
                    .body("status", equalTo("draft"))
                    .body("variants.name", contains("control", "four-free"));
            // a draft changes nobody's offer
            seriesPage(generous, series).body("episodes.free", contains(true, true, false, false, false, false));

            AdminApi.post(ADMIN + series + "/experiments/" + experimentId + "/start");
            SeriesUpdated running = catalog.awaitLatest(EventEnvelope::parse,
                    latest -> latest.containsKey(series) && latest.get(series).dataAs(SeriesUpdated.class)
                            .experiment() != null).get(series).dataAs(SeriesUpdated.class);
            assertEquals(experimentId, running.experiment().experimentId());
            assertEquals(List.of("control", "four-free"),
                    running.experiment().variants().stream().map(v -> v.name()).toList());

            seriesPage(generous, series)
                    .body("episodes.free", contains(true, true, true, true, false, false))
                    .body("episodes.priceCoins", contains(0, 0, 0, 0, 40, 40))
                    .body("seriesUnlockPriceCoins", equalTo(80));
            seriesPage(control, series)
                    .body("episodes.free", contains(true, true, false, false, false, false))
                    .body("episodes.priceCoins", contains(0, 0, 60, 60, 60, 60))
                    .body("seriesUnlockPriceCoins", equalTo(240));

            // the 402 offers the arm's price, and the paywall fact names the arm for insights
            given().auth().oauth2(generous).post(playback(series, 5)).then().statusCode(402)
                    .body("priceCoins", equalTo(40))
                    .body("seriesUnlockPriceCoins", equalTo(80));
            List<ConsumerRecord<String, String>> shown = viewing.await(
                    r -> r.value().contains(EventTypes.PAYWALL_SHOWN), 1, Duration.ofSeconds(20));
            PaywallShown paywall = EventEnvelope.parse(shown.get(0).value()).dataAs(PaywallShown.class);
            assertEquals(experimentId, paywall.experimentId());
            assertEquals("four-free", paywall.variant());
            assertEquals(40, paywall.priceCoins());

            // the offer the arms are measured against holds still while they run
            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON)
                    .body(Map.of("freeEpisodes", 1, "episodePriceCoins", 60, "bundlePriceCoins", 500))
                    .when().put(ADMIN + series + "/pricing")
                    .then().statusCode(409).body("type", containsString("experiment-running"));
            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(Map.of("rollOut", "nine-free"))
                    .when().post(ADMIN + series + "/experiments/" + experimentId + "/stop")
                    .then().statusCode(400).body("type", containsString("unknown-variant"));

            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(Map.of("rollOut", "four-free"))
                    .when().post(ADMIN + series + "/experiments/" + experimentId + "/stop")
                    .then().statusCode(200)
                    .body("status", equalTo("stopped"))
                    .body("rolledOutVariant", equalTo("four-free"));
            SeriesUpdated stopped = catalog.awaitLatest(EventEnvelope::parse,
                    latest -> latest.containsKey(series) && latest.get(series).dataAs(SeriesUpdated.class)
                            .experiment() == null).get(series).dataAs(SeriesUpdated.class);
            assertNull(stopped.experiment());
            assertEquals(4, stopped.freeEpisodes());

            // the winner is everyone's offer now, signed in or not
            seriesPage(control, series)
                    .body("episodes.free", contains(true, true, true, true, false, false))
                    .body("episodes.priceCoins", contains(0, 0, 0, 0, 40, 40));
            given().header(ViewerRegion.COUNTRY_HEADER, AdminApi.TEST_REGION)
                    .when().get("/api/catalog/series/" + series).then().statusCode(200)
                    .body("freeEpisodes", equalTo(4))
                    .body("episodes.priceCoins", contains(0, 0, 0, 0, 40, 40));
            given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(Map.of())
                    .post(ADMIN + series + "/experiments/" + experimentId + "/stop")
                    .then().statusCode(409).body("type", containsString("experiment-stopped"));
        }
    }

    @Test
    void anExperimentThatWouldTakeEpisodesAwayOrSplitViewersWronglyIsRefusedWithTheReason() {
        String series = AdminApi.publishedSeries("experiment-rules", 4, Map.of("freeEpisodes", 2));
        Map<String, Object> fewer = new HashMap<>(experiment(series + "-fewer"));
        fewer.put("variants", List.of(variant("control", 50, null, null), variant("one-free", 50, 1, null)));
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(fewer)
                .when().post(ADMIN + series + "/experiments")
                .then().statusCode(400)
                .body("type", containsString("invalid-experiment"))
                .body("violation", containsString("never take them away"));

        Map<String, Object> lopsided = new HashMap<>(experiment(series + "-lopsided"));
        lopsided.put("variants", List.of(variant("control", 60, null, null), variant("cheap", 30, null, 30)));
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(lopsided)
                .when().post(ADMIN + series + "/experiments")
                .then().statusCode(400).body("violation", containsString("add up to 90"));

        // support reads experiments but cannot define them; a viewer cannot see them
        given().auth().oauth2(Viewers.support()).contentType(ContentType.JSON).body(experiment(series + "-x"))
                .when().post(ADMIN + series + "/experiments").then().statusCode(403);
        given().auth().oauth2(Viewers.support()).when().get(ADMIN + series + "/experiments")
                .then().statusCode(200).body("experiments.size()", equalTo(0));
        given().auth().oauth2(Viewers.alice()).when().get(ADMIN + series + "/experiments").then().statusCode(403);

        // one running experiment per series
        String first = series + "-first";
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(experiment(first))
                .when().post(ADMIN + series + "/experiments").then().statusCode(201);
        String second = series + "-second";
        given().auth().oauth2(Viewers.admin()).contentType(ContentType.JSON).body(experiment(second))
                .when().post(ADMIN + series + "/experiments").then().statusCode(201);
        AdminApi.post(ADMIN + series + "/experiments/" + first + "/start");
        given().auth().oauth2(Viewers.admin()).post(ADMIN + series + "/experiments/" + second + "/start")
                .then().statusCode(409).body("type", containsString("experiment-running"))
                .body("experimentId", equalTo(first));
        given().auth().oauth2(Viewers.admin()).post(ADMIN + series + "/experiments/nope/start")
                .then().statusCode(404).body("type", containsString("unknown-experiment"));
    }

    /** A new viewer (in the test region) whose arm of {@code experimentId} is {@code variant}. */
    private static String viewerIn(String experimentId, String variant) {
        PaywallExperiment shape = new PaywallExperiment(experimentId, null, List.of(
                new PaywallVariant("control", 50, null, null),
                new PaywallVariant("four-free", 50, 4, 40)));
        for (int i = 0; i < 40; i++) {
            String token = KeycloakUsers.newViewerToken("experiment", 30, AdminApi.TEST_REGION);
            if (shape.variantFor(KeycloakTokens.subject(token)).name().equals(variant)) {
                return token;
            }
        }
        throw new AssertionError("40 new viewers and none in " + variant + ": the assignment is not a 50/50 split");
    }

    private static Map<String, Object> experiment(String id) {
        return Map.of("id", id, "name", "4 free at 40 against 2 free at 60", "variants", List.of(
                variant("control", 50, null, null), variant("four-free", 50, 4, 40)));
    }

    private static Map<String, Object> variant(String name, int weight, Integer free, Integer price) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", name);
        v.put("weightPercent", weight);
        v.put("freeEpisodes", free);
        v.put("episodePriceCoins", price);
        return v;
    }

    private static ValidatableResponse seriesPage(String token, String series) {
        return given().auth().oauth2(token).when().get("/api/catalog/series/" + series)
                .then().statusCode(200);
    }

    private static String playback(String series, int number) {
        return "/api/catalog/episodes/" + AdminApi.episodeId(series, number) + "/playback";
    }
}
