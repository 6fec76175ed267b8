package com.microdrama.entitlement.it;

import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.testsupport.KeycloakTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ServiceAccessIT {
    private static final String PROBLEM = "application/problem+json";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SERIES = "it-svc-series-" + RUN;
    private static final String PAID = "it-svc-ep-" + RUN + "-2";
    private static String serviceToken;

    @BeforeAll
    static void catalogWithAPurchase() {
        serviceToken = KeycloakTokens.serviceToken("catalog-service");
        TestKafka.series(SERIES, 2, 1);
        TestKafka.episode("it-svc-ep-" + RUN + "-1", SERIES, 1, true);
        TestKafka.episode(PAID, SERIES, 2, false);
        String unlockId = "unl-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                new EpisodePurchased(unlockId, Alice.ID, PAID, SERIES, 80, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("select count(*) from entitlement where source = ?", unlockId) == 1
                        && TestDb.count("select count(*) from catalog_episode where episode_id = ?", PAID) == 1);
    }

    @Test
    void catalogServiceChecksAnEpisodeForAlice() {
        given().auth().oauth2(serviceToken).queryParam("episodeId", PAID)
                .when().get("/api/entitlements/users/{userId}/check", Alice.ID)
                .then().statusCode(200)
                .body("episodeId", equalTo(PAID))
                .body("allowed", equalTo(true))
                .body("reason", equalTo("episode-purchase"));
    }

    @Test
    void catalogServiceChecksASeriesForAlice() {
        given().auth().oauth2(serviceToken)
                .when().get("/api/entitlements/users/{userId}/series/{seriesId}", Alice.ID, SERIES)
                .then().statusCode(200)
                .body("seriesId", equalTo(SERIES))
                .body("episodes", hasSize(2))
                .body("episodes.reason", hasItems("free", "episode-purchase"));
    }

    @Test
    void theAnswerIsPerUser() {
        given().auth().oauth2(serviceToken).queryParam("episodeId", PAID)
                .when().get("/api/entitlements/users/{userId}/check", "someone-else-" + RUN)
                .then().statusCode(200)
                .body("allowed", equalTo(false))
                .body("reason", equalTo("none"));
    }

    @Test
    void aUserTokenIsForbiddenOnServiceEndpoints() {
        given().auth().oauth2(Alice.TOKEN).queryParam("episodeId", PAID)
                .when().get("/api/entitlements/users/{userId}/check", Alice.ID)
                .then().statusCode(403)
                .contentType(PROBLEM)
                .body("type", equalTo("https://microdrama.example/problems/forbidden"))
                .body("status", equalTo(403));
        given().auth().oauth2(Alice.TOKEN)
                .when().get("/api/entitlements/users/{userId}/series/{seriesId}", Alice.ID, SERIES)
                .then().statusCode(403);
    }

    @Test
    void noTokenIsUnauthorized() {
        given().queryParam("episodeId", PAID)
                .when().get("/api/entitlements/check")
                .then().statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("https://microdrama.example/problems/unauthorized"));
        given().queryParam("episodeId", PAID)
                .when().get("/api/entitlements/users/{userId}/check", Alice.ID)
                .then().statusCode(401);
    }

    @Test
    void aForgedTokenIsUnauthorized() {
        given().auth().oauth2("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl").queryParam("episodeId", PAID)
                .when().get("/api/entitlements/check")
                .then().statusCode(401)
                .contentType(PROBLEM);
    }

    @Test
    void aNulByteInAnIdIsABadRequestProblemNotAServerError() {
        given().urlEncodingEnabled(false).auth().oauth2(Alice.TOKEN)
                .when().get("/api/entitlements/check?episodeId=ep%00isode")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("https://microdrama.example/problems/invalid-characters"));
        given().urlEncodingEnabled(false).auth().oauth2(Alice.TOKEN)
                .when().get("/api/entitlements/series/ep%00isode")
                .then().statusCode(400)
                .contentType(PROBLEM);
    }

    @Test
    void aDuplicateKeyInAnAdminBodyIsAMalformedRequest() {
        given().auth().oauth2(KeycloakTokens.userToken("admin", "admin")).contentType("application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"kind\":\"episode\",\"episodeId\":\"" + PAID + "\",\"episodeId\":\"x\",\"userId\":\""
                        + Alice.ID + "\",\"reason\":\"dup\"}")
                .when().post("/api/entitlements/admin/grants")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("https://microdrama.example/problems/malformed-request"));
    }

    @Test
    void missingEpisodeIdIsABadRequestProblem() {
        given().auth().oauth2(Alice.TOKEN)
                .when().get("/api/entitlements/check")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("https://microdrama.example/problems/validation-failed"))
                .body("violations.field", hasItems("episodeId"));
    }

    @Test
    void pageSizeOutOfRangeIsABadRequestProblem() {
        given().auth().oauth2(Alice.TOKEN).queryParam("size", 0)
                .when().get("/api/entitlements/me")
                .then().statusCode(400)
                .contentType(PROBLEM);
        given().auth().oauth2(Alice.TOKEN).queryParam("page", "abc")
                .when().get("/api/entitlements/me")
                .then().statusCode(400)
                .contentType(PROBLEM);
    }

    @Test
    void unknownEpisodeAndSeriesAreNotFoundProblems() {
        given().auth().oauth2(Alice.TOKEN).queryParam("episodeId", "no-such-episode-" + RUN)
                .when().get("/api/entitlements/check")
                .then().statusCode(404)
                .contentType(PROBLEM)
                .body("type", equalTo("https://microdrama.example/problems/unknown-episode"))
                .body("episodeId", equalTo("no-such-episode-" + RUN));
        given().auth().oauth2(serviceToken)
                .when().get("/api/entitlements/users/{userId}/series/{seriesId}", Alice.ID, "no-such-series-" + RUN)
                .then().statusCode(404)
                .contentType(PROBLEM)
                .body("type", equalTo("https://microdrama.example/problems/unknown-series"));
    }

    @Test
    void readinessReallyChecksTheDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        containsString("Reactive PostgreSQL"),
                        containsString("Kafka")));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/entitlements/check", "/api/entitlements/me",
                        "/api/entitlements/users/{userId}/check"))
                .body("paths.'/api/entitlements/check'.get.responses.keySet()", hasItems("200", "429"))
                .body("paths.'/api/entitlements/check'.get.responses.'200'.content.'application/json'.schema",
                        notNullValue())
                .body("paths.'/api/entitlements/users/{userId}/check'.get.responses.keySet()", hasItems("200", "403"))
                .body("paths.'/api/entitlements/users/{userId}/series/{seriesId}'.get.responses.keySet()",
                        hasItems("200", "403"));
    }
}
