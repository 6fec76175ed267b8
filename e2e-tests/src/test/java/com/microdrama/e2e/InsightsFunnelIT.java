package com.microdrama.e2e;

import com.microdrama.testsupport.KeycloakTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The funnel of a new series through the gateway, built from what the other services emitted: catalog-service's
 * viewing facts (plays, paywalls) and payment-service's unlock, counted by insights-service on Kafka Streams and read
 * by support. A viewer may not read it.
 */
class InsightsFunnelIT {

    @Test
    void twoViewersMeetThePaywallOnePaysAndSupportSeesAConversionOfOneHalf() {
        String series = Viewer.Admin.publishedSeries("e2e-funnel", 3);
        String episode1 = "%s-ep-01".formatted(series);
        String episode2 = "%s-ep-02".formatted(series);
        Viewer payer = Viewer.create("funnel-payer");
        Viewer browser = Viewer.create("funnel-browser");

        for (Viewer viewer : List.of(payer, browser)) {
            play(viewer, episode1).then().statusCode(200);
            play(viewer, episode2).then().statusCode(402);
        }
        payer.buyPack("coins-100");
        // payment-service learns the new series from catalog-events: its unlock answers 404 until then
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> tryUnlock(payer, episode2) != 404);
        // entitled once entitlement-service applied the unlock (asked there: a 402 here would be one more paywall)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> payer.access(episode2).startsWith("true"));
        play(payer, episode2).then().statusCode(200);

        String support = KeycloakTokens.userToken("support", "support");
        JsonPath funnel = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> report(support, series + "/funnel"),
                        report -> report != null && report.getInt("totals.payers") == 1 && report.getInt("totals.plays") == 3);
        assertEquals(2, funnel.getInt("totals.viewers"));
        assertEquals(2, funnel.getInt("totals.paywallViews"));
        assertEquals(2, funnel.getInt("totals.paywallViewers"));
        assertEquals(1, funnel.getInt("totals.payersAfterPaywall"));
        assertEquals(0.5f, funnel.getFloat("totals.conversion"));
        assertEquals(1, funnel.getInt("totals.episodeUnlocks"));
        assertEquals(60, funnel.getInt("totals.coinsSpent"));

        JsonPath episodes = report(support, series + "/episodes");
        assertEquals(List.of(1, 2), episodes.getList("episodes.number"));
        assertEquals(List.of(2, 1), episodes.getList("episodes.reached"), "both played episode 1, the payer episode 2");
        assertEquals(List.of(0, 2), episodes.getList("episodes.paywallViews"));
        assertEquals(List.of(0, 1), episodes.getList("episodes.unlocks"));

        Viewer.asUser(KeycloakTokens.userToken(payer.username, payer.username))
                .get("/api/insights/series/" + series + "/funnel").then().statusCode(403);
    }

    @Test
    void aCreatorReadsTheFunnelOfTheSeriesItOwnsAndNoOther() {
        String creator = KeycloakTokens.userToken("creator", "creator");
        // the demo creator owns the flagship (catalog's seed); insights learns owners from catalog-events
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Viewer.asUser(creator).get("/api/insights/series/midnight-contract/funnel").statusCode(),
                        status -> status == 200);
        String platformOwned = Viewer.Admin.publishedSeries("e2e-not-theirs", 1);
        Viewer.asUser(creator).get("/api/insights/series/" + platformOwned + "/funnel")
                .then().statusCode(403).body("type", org.hamcrest.Matchers.endsWith("/not-series-owner"));
        Viewer.asUser(creator).get("/api/insights/revenue").then().statusCode(403);
    }

    private static Response play(Viewer viewer, String episodeId) {
        return Viewer.asUser(KeycloakTokens.userToken(viewer.username, viewer.username))
                .post("/api/catalog/episodes/" + episodeId + "/playback");
    }

    /** The unlock's status: 201, or 404 while payment-service does not know the episode yet; anything else fails. */
    private static int tryUnlock(Viewer viewer, String episodeId) {
        int status = Viewer.asUser(KeycloakTokens.userToken(viewer.username, viewer.username))
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .body(java.util.Map.of("episodeId", episodeId)).post("/api/payments/episode-unlocks").statusCode();
        if (status != 201 && status != 404) {
            throw new AssertionError("unlock of " + episodeId + " answered " + status);
        }
        return status;
    }

    /** The report, or null while insights-service answers 503 (its state restoring or rebalancing). */
    private static JsonPath report(String token, String path) {
        Response response = Viewer.asUser(token).get("/api/insights/series/" + path);
        if (response.statusCode() == 503) {
            return null;
        }
        return response.then().statusCode(200).extract().jsonPath();
    }
}
