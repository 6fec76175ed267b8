package com.microdrama.insights.api;

import com.microdrama.insights.testing.Facts;
import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A creator reads the insights of the series catalog-events says they own, and nothing else: owners from a scratch
 * catalog topic on the real broker, tokens of the realm's demo creator, admin, support and a viewer.
 */
@QuarkusTest
class CreatorAccessIT {
    private static final String PROBLEMS = "https://microdrama.example/problems/";

    @Test
    void aCreatorReadsTheSeriesTheyOwnButNotAnotherCreatorsAnUnknownOneOrTheAppsRevenue() {
        String creator = KeycloakTokens.userToken("creator", "creator");
        String owned = "it-owned-" + UUID.randomUUID().toString().substring(0, 8);
        String others = "it-others-" + UUID.randomUUID().toString().substring(0, 8);
        String unknown = "it-unknown-" + UUID.randomUUID().toString().substring(0, 8);
        Facts mine = new Facts(owned);
        mine.ownedBy(KeycloakTokens.subject(creator));
        mine.play("alice", 1, "US", "en");
        mine.paywall("alice", 3, "US", "en");
        Facts theirs = new Facts(others);
        theirs.ownedBy("another-creator-" + UUID.randomUUID());
        theirs.play("bob", 1, "US", "en");

        // 403 until the owner reached the global store, 503 while the service starts
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> funnel(creator, owned), r -> r.statusCode() == 200
                        && r.jsonPath().getInt("totals.paywallViews") == 1);
        assertEquals(1, funnel(creator, owned).jsonPath().getInt("totals.plays"));
        given().auth().oauth2(creator).get("/api/insights/series/" + owned + "/episodes")
                .then().statusCode(200).body("episodes[0].plays", equalTo(1));
        given().auth().oauth2(creator).get("/api/insights/series/" + owned + "/funnel/export")
                .then().statusCode(200).contentType("text/csv");
        // the creator's own series, an experiment with no facts: the ordinary 404, not a refusal
        given().auth().oauth2(creator).get("/api/insights/series/" + owned + "/experiments/exp-none")
                .then().statusCode(404).body("type", equalTo(PROBLEMS + "unknown-experiment"));

        for (String path : new String[] {"/funnel", "/funnel/export", "/episodes", "/experiments/exp-none",
                "/experiments/exp-none/export"}) {
            assertRefusedAsNotTheOwner(creator, others, path);
            assertRefusedAsNotTheOwner(creator, unknown, path);
        }
        given().auth().oauth2(creator).get("/api/insights/revenue")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "forbidden"));

        for (String staff : new String[] {"admin", "support"}) {
            String token = KeycloakTokens.userToken(staff, staff);
            Response response = funnel(token, others);
            assertEquals(200, response.statusCode(), staff + " reads every series");
            assertEquals(1, response.jsonPath().getInt("totals.plays"), staff);
            given().auth().oauth2(token).get("/api/insights/series/" + unknown + "/funnel").then().statusCode(200);
        }
        given().auth().oauth2(KeycloakTokens.userToken("alice", "alice")).get("/api/insights/series/" + owned
                + "/funnel").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "forbidden"));
    }

    @Test
    void aSeriesDeletedFromTheCatalogIsNoLongerItsCreatorsToRead() {
        String creator = KeycloakTokens.userToken("creator", "creator");
        String series = "it-deleted-" + UUID.randomUUID().toString().substring(0, 8);
        Facts facts = new Facts(series);
        facts.ownedBy(KeycloakTokens.subject(creator));
        facts.play("carol", 1, "US", "en");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> funnel(creator, series).statusCode() == 200);

        facts.deleted();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> funnel(creator, series).statusCode() == 403);
        assertRefusedAsNotTheOwner(creator, series, "/funnel");
    }

    private static Response funnel(String token, String series) {
        return given().auth().oauth2(token).get("/api/insights/series/" + series + "/funnel");
    }

    private static void assertRefusedAsNotTheOwner(String token, String series, String path) {
        given().auth().oauth2(token).get("/api/insights/series/" + series + path)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + SeriesAccess.NOT_SERIES_OWNER))
                .body("seriesId", equalTo(series));
    }
}
