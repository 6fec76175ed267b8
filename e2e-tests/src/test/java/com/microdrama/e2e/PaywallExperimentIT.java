package com.microdrama.e2e;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.TopicReader;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A paywall experiment through the gateway, across the services (docs/decisions/0036-paywall-experiments.md): the
 * admin runs "3 free at 40 coins" against the series' own "1 free at 60" in catalog-service; a viewer of each arm is
 * shown their offer by catalog-service, opened by entitlement-service and charged by payment-service at the price they
 * were shown; support reads the results per arm from insights-service; the stop keeps the free episodes a viewer of the
 * generous arm met, and not for one who never did.
 */
class PaywallExperimentIT {
    private static final String ADMIN = "/api/catalog/admin/series/";

    @Test
    void eachArmIsShownOpenedAndChargedItsOwnOfferAndTheGenerousArmKeepsWhatItMet() {
        String series = Viewer.Admin.publishedSeries("e2e-experiment", 4);
        String experimentId = series + "-exp";
        PaywallExperiment arms = new PaywallExperiment(experimentId, null, List.of(
                new PaywallVariant("control", 50, null, null), new PaywallVariant("three-free", 50, 3, 40)));
        Viewer control = viewerIn(arms, "control");
        Viewer generous = viewerIn(arms, "three-free");
        Viewer unexposed = viewerIn(arms, "three-free");

        admin().body(Map.of("id", experimentId, "name", "3 free at 40 against 1 free at 60",
                        "variants", List.of(variant("control", null, null), variant("three-free", 3, 40))))
                .post(ADMIN + series + "/experiments").then().statusCode(201);
        admin().post(ADMIN + series + "/experiments/" + experimentId + "/start").then().statusCode(200);

        // entitlement-service and payment-service learn the experiment from catalog-events
        String episode2 = episodeId(series, 2);
        String episode3 = episodeId(series, 3);
        String episode4 = episodeId(series, 4);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> generous.access(episode3).equals("true/free"));
        play(generous, episode2).then().statusCode(200);
        play(generous, episode4).then().statusCode(402).body("priceCoins", org.hamcrest.Matchers.equalTo(40));
        play(control, episode2).then().statusCode(402).body("priceCoins", org.hamcrest.Matchers.equalTo(60));
        assertEquals("false/none", control.access(episode2));

        generous.buyPack("coins-100");
        control.buyPack("coins-100");
        // what each was shown is what each is charged; the other arm's price is refused, not charged
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> unlock(generous, episode4, 40).statusCode() == 201);
        assertEquals(409, unlock(control, episode2, 40).statusCode());
        Response paid = unlock(control, episode2, 60);
        assertEquals(201, paid.statusCode(), paid.asString());
        assertEquals(400, unlock(generous, episode3, null).statusCode(), "an episode the arm gives is not sold");

        String support = KeycloakTokens.userToken("support", "support");
        JsonPath results = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> results(support, series, experimentId),
                        r -> r != null && r.getList("arms.variant").size() == 2
                                && r.getInt("arms.find { it.variant == 'control' }.payers") == 1
                                && r.getInt("arms.find { it.variant == 'three-free' }.payers") == 1);
        assertEquals(60, results.getInt("arms.find { it.variant == 'control' }.coinsSpent"));
        assertEquals(40, results.getInt("arms.find { it.variant == 'three-free' }.coinsSpent"));
        assertEquals("control", results.getString("control"));
        assertTrue(results.getString("method").contains("z-test"), results.getString("method"));

        // stop, keeping the series' own offer: the catalog publishes the series without the experiment
        try (TopicReader catalog = TopicReader.atEndOf("catalog-events", series::equals)) {
            admin().body(Map.of("rollOut", "control"))
                    .post(ADMIN + series + "/experiments/" + experimentId + "/stop").then().statusCode(200);
            catalog.awaitLatest(value -> value, latest -> latest.containsKey(series)
                    && JsonPath.from(latest.get(series)).get("data.experiment") == null);
        }
        KafkaProbe.awaitCommitted(KafkaProbe.ENTITLEMENT_GROUP, "catalog-events",
                TopicReader.endOffsets("catalog-events"), Duration.ofSeconds(60));
        assertEquals("true/free", generous.access(episode3), "met while the experiment ran: kept");
        play(generous, episode3).then().statusCode(200);
        assertEquals("false/none", unexposed.access(episode3), "never met it: the series' own offer");
    }

    /** A new viewer whose arm of the experiment is {@code variant}. */
    private static Viewer viewerIn(PaywallExperiment arms, String variant) {
        for (int i = 0; i < 30; i++) {
            Viewer viewer = Viewer.create("e2e-arm");
            if (arms.variantFor(viewer.id).name().equals(variant)) {
                return viewer;
            }
        }
        throw new AssertionError("30 new viewers and none in " + variant + ": the split is not 50/50");
    }

    private static Map<String, Object> variant(String name, Integer free, Integer price) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", name);
        v.put("weightPercent", 50);
        v.put("freeEpisodes", free);
        v.put("episodePriceCoins", price);
        return v;
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return Viewer.asUser(KeycloakTokens.userToken("admin", "admin"));
    }

    private static String episodeId(String series, int number) {
        return "%s-ep-%02d".formatted(series, number);
    }

    private static Response play(Viewer viewer, String episodeId) {
        return Viewer.asUser(KeycloakTokens.userToken(viewer.username, viewer.username))
                .post("/api/catalog/episodes/" + episodeId + "/playback");
    }

    private static Response unlock(Viewer viewer, String episodeId, Integer expectedPrice) {
        Map<String, Object> body = new HashMap<>();
        body.put("episodeId", episodeId);
        if (expectedPrice != null) {
            body.put("expectedPriceCoins", expectedPrice);
        }
        return Viewer.asUser(KeycloakTokens.userToken(viewer.username, viewer.username))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/payments/episode-unlocks");
    }

    /** The results, or null while insights-service has none yet (404) or restores its state (503). */
    private static JsonPath results(String token, String series, String experimentId) {
        Response response = Viewer.asUser(token)
                .get("/api/insights/series/" + series + "/experiments/" + experimentId);
        if (response.statusCode() == 503 || response.statusCode() == 404) {
            return null;
        }
        return response.then().statusCode(200).extract().jsonPath();
    }
}
