package com.microdrama.insights.api;

import com.microdrama.insights.testing.Facts;
import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A paywall experiment's results from tagged facts on the real broker to the API (decision 0036): per arm counts,
 * the tests against the control, the CSV, and the problems of an unknown control or experiment.
 */
@QuarkusTest
class ExperimentIT {

    @Test
    void eachArmIsCountedAndTestedAgainstTheControl() {
        String series = "it-exp-" + UUID.randomUUID().toString().substring(0, 8);
        String experiment = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        Facts plain = new Facts(series);
        Facts facts = plain.inExperiment(experiment, Map.of("a1", "A", "a2", "A", "a3", "A", "a4", "A",
                "b1", "B", "b2", "B", "b3", "B", "b4", "B"));
        // A: one payer of 60 among four viewers, two met the paywall
        facts.paywall("a1", 3, "US", "en");
        facts.episodeUnlock("unlock-" + UUID.randomUUID(), "a1", 3, 60);
        facts.paywall("a2", 3, "US", "en");
        facts.play("a3", 1, "US", "en");
        facts.play("a4", 1, "US", "en");
        // B: three payers of 60, 120 and 60 refunded among four viewers
        facts.paywall("b1", 3, "US", "en");
        facts.episodeUnlock("unlock-" + UUID.randomUUID(), "b1", 3, 60);
        facts.paywall("b2", 3, "US", "en");
        facts.episodeUnlock("unlock-" + UUID.randomUUID(), "b2", 3, 60);
        facts.episodeUnlock("unlock-" + UUID.randomUUID(), "b2", 4, 60);
        facts.paywall("b3", 3, "US", "en");
        String refunded = "unlock-" + UUID.randomUUID();
        facts.episodeUnlock(refunded, "b3", 3, 60);
        facts.refund("refund-" + UUID.randomUUID(), "b3", refunded, "episode-unlock");
        facts.play("b4", 1, "US", "en");
        plain.play("outsider", 1, "US", "en"); // not in the experiment

        String admin = KeycloakTokens.userToken("admin", "admin");
        String path = "/api/insights/series/" + series + "/experiments/" + experiment;
        JsonPath report = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> report(admin, path), r -> r != null && r.getList("arms.viewers").equals(List.of(4, 4))
                        && r.getList("arms.coinsSpent").equals(List.of(60, 180)));

        assertEquals("A", report.getString("control"), "the first arm in name order");
        assertTrue(report.getString("method").contains("two-proportion z-test with pooled variance"));
        assertTrue(report.getString("note").contains("Fixed-horizon"));
        assertEquals(List.of("A", "B"), report.getList("arms.variant"));
        assertEquals(List.of(4, 4), report.getList("arms.viewers"));
        assertEquals(List.of(2, 3), report.getList("arms.paywallViewers"));
        assertEquals(List.of(1, 3), report.getList("arms.payers"));
        assertEquals(List.of(0.25f, 0.75f), report.getList("arms.conversion"));
        assertEquals(List.of(60, 180), report.getList("arms.coinsSpent"));
        assertEquals(List.of(15.0f, 45.0f), report.getList("arms.coinsPerViewer"));
        assertEquals(List.of(30.0f, 57.4456f), report.getList("arms.coinsPerViewerSd"));
        assertEquals(1, report.getList("comparisons").size());
        assertEquals("B", report.getString("comparisons[0].variant"));
        // pooled p = 0.5: z = 0.5 / sqrt(0.5 * 0.5 * (1/4 + 1/4)) = 1.4142, p = 0.1573
        assertEquals(0.5, report.getDouble("comparisons[0].conversion.difference"), 1e-6);
        assertEquals(1.4142, report.getDouble("comparisons[0].conversion.statistic"), 1e-4);
        assertEquals(0.1573, report.getDouble("comparisons[0].conversion.pValue"), 1e-4);
        assertEquals(-0.100114, report.getDouble("comparisons[0].conversion.low"), 1e-6);
        // variances 900 and 3300 from the sums of squares: t = 30 / sqrt(900/4 + 3300/4) = 0.9258, p = 0.3545
        assertEquals(30, report.getDouble("comparisons[0].coinsPerViewer.difference"), 1e-6);
        assertEquals(0.9258, report.getDouble("comparisons[0].coinsPerViewer.statistic"), 1e-4);
        assertEquals(0.3545, report.getDouble("comparisons[0].coinsPerViewer.pValue"), 1e-4);
        assertEquals(93.5101, report.getDouble("comparisons[0].coinsPerViewer.high"), 1e-4);

        given().auth().oauth2(admin).queryParam("control", "B").get(path).then().statusCode(200)
                .body("control", equalTo("B"))
                .body("comparisons[0].variant", equalTo("A"))
                .body("comparisons[0].conversion.difference", equalTo(-0.5f));
        Response csv = given().auth().oauth2(KeycloakTokens.userToken("support", "support")).get(path + "/export");
        csv.then().statusCode(200).contentType("text/csv")
                .header("Content-Disposition", equalTo("attachment; filename=\"experiment-" + series + "-"
                        + experiment + ".csv\""));
        assertEquals(List.of(InsightsReports.EXPERIMENT_CSV_HEADER, "A,4,2,1,60,3600", "B,4,3,3,180,18000"),
                csv.asString().lines().toList());
    }

    @Test
    void anUnknownControlIsAProblemNamingTheFieldAndAnUnknownExperimentIsNotFound() {
        String series = "it-exp-" + UUID.randomUUID().toString().substring(0, 8);
        String experiment = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        new Facts(series).inExperiment(experiment, Map.of("a1", "A", "b1", "B")).play("a1", 1, "US", "en");
        String admin = KeycloakTokens.userToken("admin", "admin");
        String path = "/api/insights/series/" + series + "/experiments/" + experiment;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> report(admin, path), r -> r != null);

        given().auth().oauth2(admin).queryParam("control", "C").get(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/validation-failed"))
                .body("violations[0].field", equalTo("control"));
        given().auth().oauth2(admin).get("/api/insights/series/" + series + "/experiments/never-ran")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/unknown-experiment"));
        given().auth().oauth2(admin).get("/api/insights/series/" + series + "/experiments/never-ran/export")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(admin).get("/api/insights/series/" + series + "/experiments/bad%20id")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(KeycloakTokens.userToken("alice", "alice")).get(path).then().statusCode(403);
        given().get(path).then().statusCode(401);
    }

    /** The report, or null while the state is not ready (503) or the facts are not counted yet (404). */
    private static JsonPath report(String token, String path) {
        Response response = given().auth().oauth2(token).get(path);
        if (response.statusCode() == 503 || response.statusCode() == 404) {
            return null;
        }
        return response.then().statusCode(200).extract().jsonPath();
    }
}
