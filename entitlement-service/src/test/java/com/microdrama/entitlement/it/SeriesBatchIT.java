package com.microdrama.entitlement.it;

import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class SeriesBatchIT {
    private static final int EPISODES = 100;
    private static final int FREE = 5;
    private static final Set<Integer> BOUGHT = Set.of(6, 42, 100);

    @BeforeEach
    void freshUser() {
        Alice.forgetEntitlements();
    }

    @Test
    void aHundredEpisodeSeriesIsAnsweredInOneCallInEpisodeOrder() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String seriesId = "it-long-series-" + run;
        TestKafka.series(seriesId, EPISODES, FREE);
        // Published out of order on purpose: the answer must still come back ordered by number.
        for (int n = EPISODES; n >= 1; n--) {
            TestKafka.episode(episodeId(run, n), seriesId, n, n <= FREE);
        }
        for (int n : BOUGHT) {
            TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID, new EpisodePurchased(
                    "unl-" + UUID.randomUUID(), Alice.ID, episodeId(run, n), seriesId, 80, Instant.now()));
        }

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> given().auth().oauth2(Alice.TOKEN)
                .when().get("/api/entitlements/series/" + seriesId)
                .then().statusCode(200)
                .body("episodes", hasSize(EPISODES))
                .body("episodes.findAll { it.reason == 'episode-purchase' }", hasSize(BOUGHT.size())));

        JsonPath answer = given().auth().oauth2(Alice.TOKEN)
                .when().get("/api/entitlements/series/" + seriesId)
                .then().statusCode(200).body("seriesId", equalTo(seriesId))
                .extract().jsonPath();
        List<Map<String, Object>> episodes = answer.getList("episodes");
        for (int i = 0; i < EPISODES; i++) {
            int n = i + 1;
            Map<String, Object> e = episodes.get(i);
            assertEquals(episodeId(run, n), e.get("episodeId"));
            assertEquals(n, e.get("number"));
            String expected = n <= FREE ? "free" : BOUGHT.contains(n) ? "episode-purchase" : "none";
            assertEquals(expected, e.get("reason"), "episode " + n);
            assertEquals(!expected.equals("none"), e.get("allowed"), "episode " + n);
        }
    }

    private static String episodeId(String run, int n) {
        return "it-long-" + run + "-" + n;
    }
}
