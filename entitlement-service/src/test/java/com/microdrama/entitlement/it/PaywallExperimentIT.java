package com.microdrama.entitlement.it;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A paywall experiment as entitlement-service applies it (docs/decisions/0036-paywall-experiments.md): the viewer's
 * arm opens episodes, the first "free" answered because of the arm is recorded as an exposure, and the exposure keeps
 * the episodes open after the experiment stops. Asked as catalog-service and payment-service ask, for any user.
 */
@QuarkusTest
class PaywallExperimentIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int EPISODES = 10;
    /** The catalog gives the first five free. */
    private static final int FREE = 5;

    private static String serviceToken;

    @BeforeAll
    static void token() {
        serviceToken = KeycloakTokens.serviceToken("catalog-service");
    }

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String seriesId = "it-exp-series-" + run;
    private final PaywallExperiment experiment = new PaywallExperiment("it-exp-" + run, Instant.now(), List.of(
            new PaywallVariant("control", 50, null, null),
            new PaywallVariant("eight-free", 50, 8, 60)));

    private String episodeId(int number) {
        return "it-exp-ep-" + run + "-" + number;
    }

    /** The {@code index}-th user id of this run whose arm is {@code variant}. */
    private String userIn(String variant, int index) {
        return IntStream.range(0, 10_000).mapToObj(i -> "it-exp-user-" + run + "-" + i)
                .filter(u -> experiment.variantFor(u).name().equals(variant))
                .skip(index).findFirst().orElseThrow();
    }

    private void publishWithExperiment() {
        TestKafka.series(seriesId, EPISODES, FREE, experiment);
        for (int n = 1; n <= EPISODES; n++) {
            TestKafka.episode(episodeId(n), seriesId, n, n <= FREE);
        }
        await().atMost(PATIENCE).until(() ->
                TestDb.count("select count(*) from catalog_episode where series_id = ?", seriesId) == EPISODES
                        && TestDb.count("select count(*) from catalog_series where series_id = ?"
                        + " and experiment ->> 'experimentId' = ?", seriesId, experiment.experimentId()) == 1);
    }

    /** The catalog's next series event, without the experiment: it stopped. */
    private void stopExperiment() {
        TestKafka.series(seriesId, EPISODES, FREE, null);
        await().atMost(PATIENCE).until(() -> TestDb.count(
                "select count(*) from catalog_series where series_id = ? and experiment is null", seriesId) == 1);
    }

    private ValidatableResponse check(String userId, int number) {
        return given().auth().oauth2(serviceToken).queryParam("episodeId", episodeId(number))
                .when().get("/api/entitlements/users/{userId}/check", userId)
                .then().statusCode(200).body("episodeId", equalTo(episodeId(number)));
    }

    private void assertAnswer(String userId, int number, boolean allowed, String reason) {
        check(userId, number).body("allowed", equalTo(allowed)).body("reason", equalTo(reason));
    }

    private List<Map<String, Object>> seriesAnswer(String userId) {
        JsonPath answer = given().auth().oauth2(serviceToken)
                .when().get("/api/entitlements/users/{userId}/series/{seriesId}", userId, seriesId)
                .then().statusCode(200).body("seriesId", equalTo(seriesId))
                .extract().jsonPath();
        return answer.getList("episodes");
    }

    /** Every episode of the series answer is what the single check answers for it. */
    private void assertSeriesAgreesWithSingleChecks(String userId) {
        List<Map<String, Object>> episodes = seriesAnswer(userId);
        assertEquals(EPISODES, episodes.size());
        for (Map<String, Object> e : episodes) {
            int number = (Integer) e.get("number");
            JsonPath single = check(userId, number).extract().jsonPath();
            assertEquals(single.getBoolean("allowed"), e.get("allowed"), "episode " + number + " of " + userId);
            assertEquals(single.getString("reason"), e.get("reason"), "episode " + number + " of " + userId);
        }
    }

    private long exposures(String userId) {
        return TestDb.count("select count(*) from paywall_exposure where user_id = ? and series_id = ?"
                + " and experiment_id = ? and variant = 'eight-free' and free_episodes = 8",
                userId, seriesId, experiment.experimentId());
    }

    @Test
    void theGenerousArmPlaysEpisodeSevenFreeWhileTheControlArmIsDenied() {
        publishWithExperiment();
        String generous = userIn("eight-free", 0);
        String control = userIn("control", 0);

        assertAnswer(generous, 7, true, "free");
        assertAnswer(generous, 8, true, "free");
        assertAnswer(generous, 9, false, "none");
        assertAnswer(control, 7, false, "none");
        assertAnswer(control, 5, true, "free");
        assertEquals(0, TestDb.count("select count(*) from paywall_exposure where user_id = ?", control),
                "the control arm is given nothing, so nothing is recorded");
    }

    @Test
    void anExposedViewerKeepsTheArmsEpisodesAfterTheExperimentStopsAndAnUnexposedOneDoesNot() {
        publishWithExperiment();
        String exposed = userIn("eight-free", 0);
        String neverAsked = userIn("eight-free", 1);
        String control = userIn("control", 0);

        assertAnswer(exposed, 7, true, "free");
        assertEquals(1, exposures(exposed), "the free answer because of the arm is recorded");
        assertAnswer(exposed, 7, true, "free");
        assertAnswer(exposed, 6, true, "free");
        assertEquals(1, TestDb.count("select count(*) from paywall_exposure where user_id = ?", exposed),
                "recorded once");
        assertEquals(1, TestDb.count("select count(*) from catalog_series where series_id = ? and exposed", seriesId));

        stopExperiment();

        assertAnswer(exposed, 7, true, "free");
        assertAnswer(exposed, 8, true, "free");
        assertAnswer(exposed, 9, false, "none");
        assertAnswer(neverAsked, 7, false, "none");
        assertAnswer(neverAsked, 5, true, "free");
        assertAnswer(control, 7, false, "none");
        assertEquals(0, TestDb.count("select count(*) from paywall_exposure where user_id = ?", neverAsked));
    }

    @Test
    void theSeriesAnswerAgreesWithTheSingleCheckDuringAndAfterTheExperiment() {
        publishWithExperiment();
        String generous = userIn("eight-free", 0);
        String control = userIn("control", 0);

        List<Map<String, Object>> during = seriesAnswer(generous);
        for (Map<String, Object> e : during) {
            int number = (Integer) e.get("number");
            assertEquals(number <= 8 ? "free" : "none", e.get("reason"), "episode " + number);
        }
        assertEquals(1, exposures(generous), "a series answer with arm-free episodes is an exposure too");
        assertSeriesAgreesWithSingleChecks(generous);
        assertSeriesAgreesWithSingleChecks(control);

        stopExperiment();

        assertSeriesAgreesWithSingleChecks(generous);
        assertSeriesAgreesWithSingleChecks(control);
        assertEquals("free", seriesAnswer(generous).get(7).get("reason"), "episode 8 stays open");
        assertEquals("none", seriesAnswer(control).get(5).get("reason"), "episode 6 stays paid");
    }
}
