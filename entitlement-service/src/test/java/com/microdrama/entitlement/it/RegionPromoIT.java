package com.microdrama.entitlement.it;

import com.microdrama.entitlement.promo.PromoEvents;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.TestClock;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Region-wide promos against the real platform: viewers are real Keycloak users whose {@code region} attribute the
 * realm maps into their access token; catalog-service's part is played with its real service-account token.
 */
@QuarkusTest
class RegionPromoIT {
    private static final String PROBLEM = "application/problem+json";
    private static final String TYPES = "https://microdrama.example/problems/";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String LONG_SERIES = "it-promo-long-" + RUN;
    private static final int EPISODES = 100;
    private static final int FREE = 3;

    private static String brazil;
    private static String brazilId;
    private static String usa;
    private static String nowhere;
    private static String service;

    @Inject
    TestClock clock;

    private final String series = "it-promo-series-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void viewersAndCatalog() {
        brazil = KeycloakUsers.newViewerTokenWithAttributes(Map.of("region", "BR"));
        brazilId = KeycloakTokens.subject(brazil);
        usa = KeycloakUsers.newViewerTokenWithAttributes(Map.of("region", "US"));
        nowhere = KeycloakUsers.newViewerToken("it-promo-noregion");
        service = KeycloakTokens.serviceToken("catalog-service");
        publish(LONG_SERIES, EPISODES);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static String episode(String seriesId, int n) {
        return seriesId + "-ep-" + n;
    }

    private static void publish(String seriesId, int episodes) {
        TestKafka.series(seriesId, episodes, FREE);
        for (int n = 1; n <= episodes; n++) {
            TestKafka.episode(episode(seriesId, n), seriesId, n, n <= FREE);
        }
        await().atMost(PATIENCE).until(() ->
                TestDb.count("select count(*) from catalog_episode where series_id = ? and published", seriesId) == episodes
                        && TestDb.count("select count(*) from catalog_series where series_id = ?", seriesId) == 1);
    }

    private static Map<String, Object> promo(String seriesId, List<String> regions, Instant from, Instant until) {
        Map<String, Object> body = new HashMap<>();
        body.put("seriesId", seriesId);
        body.put("regions", regions);
        body.put("validFrom", from.toString());
        body.put("validUntil", until.toString());
        body.put("reason", "carnival week");
        return body;
    }

    private static ValidatableResponse post(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/entitlements/admin/promos").then();
    }

    private static String create(Map<String, Object> body) {
        return post(AdminTokens.ADMIN, body).statusCode(201).extract().path("id");
    }

    private static ValidatableResponse check(String token, String episodeId) {
        return given().auth().oauth2(token).queryParam("episodeId", episodeId)
                .when().get("/api/entitlements/check").then().statusCode(200);
    }

    private static ValidatableResponse serviceCheck(String userId, String episodeId, String region) {
        var request = given().auth().oauth2(service).queryParam("episodeId", episodeId);
        if (region != null) {
            request.queryParam("region", region);
        }
        return request.when().get("/api/entitlements/users/{userId}/check", userId).then();
    }

    private static ValidatableResponse view(String id) {
        return given().auth().oauth2(AdminTokens.SUPPORT).when().get("/api/entitlements/admin/promos/{id}", id)
                .then().statusCode(200);
    }

    @Test
    void viewersInThePromoRegionsWatchThePaidEpisodesAndNobodyElseDoes() {
        publish(series, 4);
        Instant until = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String id = post(AdminTokens.ADMIN, promo(series, List.of("PT", "BR"), Instant.now().minusSeconds(60), until))
                .statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", containsString("/api/entitlements/admin/promos/"))
                .body("seriesId", equalTo(series))
                .body("regions", equalTo(List.of("BR", "PT")))
                .body("validUntil", equalTo(until.toString()))
                .body("state", equalTo("active"))
                .body("createdBy", equalTo(AdminTokens.ADMIN_ID))
                .extract().path("id");

        check(brazil, episode(series, 4)).body("allowed", equalTo(true)).body("reason", equalTo("promo"))
                .body("validUntil", equalTo(until.toString()));
        check(brazil, episode(series, 1)).body("reason", equalTo("free"));
        check(usa, episode(series, 4)).body("allowed", equalTo(false)).body("reason", equalTo("none"));
        check(nowhere, episode(series, 4)).body("allowed", equalTo(false)).body("reason", equalTo("none"));
        // a client cannot name its own region on the user endpoints
        given().auth().oauth2(usa).queryParam("episodeId", episode(series, 4)).queryParam("region", "BR")
                .when().get("/api/entitlements/check")
                .then().statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("none"));
        given().auth().oauth2(usa).queryParam("region", "BR").when().get("/api/entitlements/series/{id}", series)
                .then().statusCode(200).body("episodes.reason", not(hasItem("promo")));
        view(id).body("id", equalTo(id)).body("reason", equalTo("carnival week"));
    }

    @Test
    void aViewerWithoutARegionClaimGetsTheGatewaysCountryAndTheClaimWinsOverIt() {
        publish(series, 4);
        create(promo(series, List.of("BR"), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1))));
        String paid = episode(series, 4);

        given().auth().oauth2(nowhere).header("X-Viewer-Country", "BR").queryParam("episodeId", paid)
                .when().get("/api/entitlements/check")
                .then().statusCode(200).body("allowed", equalTo(true)).body("reason", equalTo("promo"));
        given().auth().oauth2(nowhere).header("X-Viewer-Country", "BR")
                .when().get("/api/entitlements/series/{id}", series)
                .then().statusCode(200).body("episodes.reason", equalTo(List.of("free", "free", "free", "promo")));
        // without the header: the default region, not in the promo
        check(nowhere, paid).body("allowed", equalTo(false)).body("reason", equalTo("none"));
        // the token's claim wins over the header
        given().auth().oauth2(usa).header("X-Viewer-Country", "BR").queryParam("episodeId", paid)
                .when().get("/api/entitlements/check")
                .then().statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("none"));
    }

    @Test
    void aHundredEpisodeSeriesPageShowsThePromoOnEveryPaidEpisodeAndPurchasesWin() {
        Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        String id = create(promo(LONG_SERIES, List.of("BR"), Instant.now().minusSeconds(60), until));
        String bought = episode(LONG_SERIES, 42);
        String unlockId = "unl-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, brazilId,
                new EpisodePurchased(unlockId, brazilId, bought, LONG_SERIES, 80, Instant.now()));
        await().atMost(PATIENCE).until(() -> TestDb.count("select count(*) from entitlement where source = ?", unlockId) == 1);

        List<Map<String, Object>> inBrazil = given().auth().oauth2(brazil)
                .when().get("/api/entitlements/series/{id}", LONG_SERIES)
                .then().statusCode(200).body("seriesId", equalTo(LONG_SERIES))
                .extract().jsonPath().getList("episodes");
        List<Map<String, Object>> inUsa = given().auth().oauth2(usa)
                .when().get("/api/entitlements/series/{id}", LONG_SERIES)
                .then().statusCode(200).extract().jsonPath().getList("episodes");
        assertEquals(EPISODES, inBrazil.size());
        assertEquals(EPISODES, inUsa.size());
        for (int i = 0; i < EPISODES; i++) {
            int n = i + 1;
            Map<String, Object> br = inBrazil.get(i);
            Map<String, Object> us = inUsa.get(i);
            assertEquals(episode(LONG_SERIES, n), br.get("episodeId"));
            String expected = n <= FREE ? "free" : episode(LONG_SERIES, n).equals(bought) ? "episode-purchase" : "promo";
            assertEquals(expected, br.get("reason"), "episode " + n + " in BR");
            assertEquals(true, br.get("allowed"), "episode " + n + " in BR");
            assertEquals("promo".equals(expected) ? until.toString() : null, br.get("validUntil"), "episode " + n);
            assertEquals(n <= FREE ? "free" : "none", us.get("reason"), "episode " + n + " in US");
        }
        // catalog-service's batch call for a viewer in BR
        given().auth().oauth2(service).queryParam("region", "BR")
                .when().get("/api/entitlements/users/{userId}/series/{seriesId}", "someone-" + RUN, LONG_SERIES)
                .then().statusCode(200).body("episodes.findAll { it.reason == 'promo' }.size()", equalTo(EPISODES - FREE));
        endPromo(id);
    }

    @Test
    void catalogPassesTheViewersRegionAsAParameterOnTheServiceEndpoints() {
        publish(series, 4);
        create(promo(series, List.of("BR"), Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1))));
        String viewer = "viewer-" + RUN;

        serviceCheck(viewer, episode(series, 4), "BR").statusCode(200)
                .body("allowed", equalTo(true)).body("reason", equalTo("promo"));
        serviceCheck(viewer, episode(series, 4), "US").statusCode(200).body("reason", equalTo("none"));
        serviceCheck(viewer, episode(series, 4), null).statusCode(200).body("reason", equalTo("none"));
        given().auth().oauth2(service).queryParam("region", "BR")
                .when().get("/api/entitlements/users/{userId}/series/{seriesId}", viewer, series)
                .then().statusCode(200).body("episodes.reason", equalTo(List.of("free", "free", "free", "promo")));
        for (String bad : List.of("br", "BRA", "ZZ", "B1")) {
            serviceCheck(viewer, episode(series, 4), bad).statusCode(400).contentType(PROBLEM)
                    .body("type", equalTo(TYPES + "validation-failed"))
                    .body("violations.field", hasItem("region"));
        }
    }

    @Test
    void aPromoUnlocksOnlyFromItsStartUntilItsEnd() {
        publish(series, 4);
        Instant from = Instant.now().plus(Duration.ofHours(1));
        Instant until = from.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        String id = create(promo(series, List.of("BR"), from, until));

        check(brazil, episode(series, 4)).body("reason", equalTo("none"));
        view(id).body("state", equalTo("scheduled"));

        clock.advance(Duration.ofMinutes(90));
        check(brazil, episode(series, 4)).body("allowed", equalTo(true)).body("reason", equalTo("promo"))
                .body("validUntil", equalTo(until.toString()));
        view(id).body("state", equalTo("active"));

        clock.advance(Duration.ofMinutes(60));
        check(brazil, episode(series, 4)).body("allowed", equalTo(false)).body("reason", equalTo("none"));
        view(id).body("state", equalTo("expired"));
    }

    @Test
    void endingAPromoClosesItAtOnceAndBothFactsAreAnnouncedKeyedBySeries() {
        publish(series, 4);
        try (TopicReader seriesEvents = TopicReader.atEndOf(Topics.ENTITLEMENT_EVENTS, series::equals)) {
            String id = create(promo(series, List.of("BR", "AR"), Instant.now().minusSeconds(60),
                    Instant.now().plus(Duration.ofDays(1))));
            check(brazil, episode(series, 4)).body("reason", equalTo("promo"));

            given().auth().oauth2(AdminTokens.ADMIN).queryParam("reason", "budget spent")
                    .when().delete("/api/entitlements/admin/promos/{id}", id).then().statusCode(204);
            check(brazil, episode(series, 4)).body("allowed", equalTo(false)).body("reason", equalTo("none"));
            view(id).body("state", equalTo("ended")).body("endedBy", equalTo(AdminTokens.ADMIN_ID))
                    .body("endReason", equalTo("budget spent"));
            // ending again changes and announces nothing
            given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/promos/{id}", id)
                    .then().statusCode(204);

            given().auth().oauth2(AdminTokens.SUPPORT).queryParam("seriesId", series).queryParam("state", "ended")
                    .when().get("/api/entitlements/admin/promos")
                    .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(id));
            given().auth().oauth2(AdminTokens.SUPPORT).queryParam("seriesId", series).queryParam("state", "active")
                    .when().get("/api/entitlements/admin/promos")
                    .then().statusCode(200).body("total", equalTo(0));

            // three expected: waits the whole timeout, so a second promo-ended would be seen
            List<ConsumerRecord<String, String>> events = seriesEvents.await(
                    r -> true, 3, Duration.ofSeconds(10));
            assertEquals(List.of(PromoEvents.PROMO_STARTED, PromoEvents.PROMO_ENDED),
                    events.stream().map(r -> EventEnvelope.parse(r.value()).type()).toList());
            for (ConsumerRecord<String, String> r : events) {
                EventEnvelope event = EventEnvelope.parse(r.value());
                assertEquals(series, event.subject());
                assertEquals("/entitlement-service", event.source());
                assertEquals(id, event.data().path("promoId").asText());
                assertEquals("AR", event.data().path("regions").path(0).asText());
            }
            assertEquals("budget spent", EventEnvelope.parse(events.get(1).value()).data().path("endReason").asText());
        }
    }

    @Test
    void onlyAdminsCreateAndEndPromosAndSupportMayRead() {
        publish(series, 4);
        Map<String, Object> body = promo(series, List.of("BR"), Instant.now(), Instant.now().plus(Duration.ofHours(1)));
        for (String token : List.of(Alice.TOKEN, AdminTokens.SUPPORT)) {
            post(token, body).statusCode(403).contentType(PROBLEM).body("type", equalTo(TYPES + "forbidden"));
        }
        given().contentType(ContentType.JSON).body(body).when().post("/api/entitlements/admin/promos")
                .then().statusCode(401).contentType(PROBLEM).body("type", equalTo(TYPES + "unauthorized"));
        assertEquals(0, TestDb.count("select count(*) from region_promo where series_id = ?", series));

        String id = create(body);
        given().auth().oauth2(Alice.TOKEN).when().get("/api/entitlements/admin/promos").then().statusCode(403);
        given().auth().oauth2(Alice.TOKEN).when().get("/api/entitlements/admin/promos/{id}", id).then().statusCode(403);
        for (String token : List.of(Alice.TOKEN, AdminTokens.SUPPORT)) {
            given().auth().oauth2(token).when().delete("/api/entitlements/admin/promos/{id}", id)
                    .then().statusCode(403).contentType(PROBLEM);
        }
        view(id).body("state", equalTo("active"));
        given().auth().oauth2(AdminTokens.SUPPORT).queryParam("seriesId", series)
                .when().get("/api/entitlements/admin/promos").then().statusCode(200).body("items[0].id", equalTo(id));
    }

    @Test
    void badPromoRequestsAreRefusedWithTheFieldNamed() {
        publish(series, 4);
        Instant from = Instant.now();
        Instant until = from.plus(Duration.ofHours(1));
        Map<String, Object> good = promo(series, List.of("BR"), from, until);
        invalid(without(good, "seriesId"), "seriesId");
        invalid(with(good, "regions", List.of()), "regions");
        invalid(without(good, "regions"), "regions");
        invalid(with(good, "regions", List.of("br")), "regions[0]");
        invalid(with(good, "regions", List.of("BR", "ZZ")), "regions[1]");
        invalid(with(good, "regions", List.of("BR", "PT", "BR")), "regions[2]");
        invalid(without(good, "validUntil"), "validUntil");
        invalid(with(good, "validUntil", from.minusSeconds(1).toString()), "validUntil");
        invalid(with(with(good, "validFrom", from.minus(Duration.ofDays(2)).toString()), "validUntil",
                from.minus(Duration.ofDays(1)).toString()), "validUntil");
        invalid(without(good, "reason"), "reason");
        invalid(with(good, "reason", "x".repeat(501)), "reason");
        post(AdminTokens.ADMIN, with(good, "validUntil", "next carnival")).statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "malformed-request")).body("field", equalTo("validUntil"));
        post(AdminTokens.ADMIN, "{\"seriesId\": ").statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "malformed-request"));
        post(AdminTokens.ADMIN, with(good, "seriesId", "it-no-such-series-" + RUN)).statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "unknown-series"));
        given().auth().oauth2(AdminTokens.SUPPORT).queryParam("state", "forever")
                .when().get("/api/entitlements/admin/promos")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("state"));
        given().auth().oauth2(AdminTokens.SUPPORT).when().get("/api/entitlements/admin/promos/{id}", "not-a-uuid")
                .then().statusCode(404).contentType(PROBLEM).body("type", equalTo(TYPES + "unknown-promo"));
        given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/promos/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM).body("type", equalTo(TYPES + "unknown-promo"));
        assertEquals(0, TestDb.count("select count(*) from region_promo where series_id = ?", series));
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheSamePromoAndAnotherRequestUnderItConflicts() {
        publish(series, 4);
        String key = "promo-" + UUID.randomUUID();
        Map<String, Object> body = promo(series, List.of("BR", "PT"), Instant.now(), Instant.now().plus(Duration.ofHours(1)));
        String id = given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body).when().post("/api/entitlements/admin/promos").then().statusCode(201).extract().path("id");
        given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(with(body, "regions", List.of("PT", "BR"))).when().post("/api/entitlements/admin/promos")
                .then().statusCode(200).body("id", equalTo(id)).header("Location", nullValue());
        given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(with(body, "regions", List.of("BR"))).when().post("/api/entitlements/admin/promos")
                .then().statusCode(409).contentType(PROBLEM).body("type", equalTo(TYPES + "idempotency-key-reused"));
        assertEquals(1, TestDb.count("select count(*) from region_promo where series_id = ?", series));
    }

    private static void invalid(Object body, String field) {
        JsonPath problem = post(AdminTokens.ADMIN, body).statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "validation-failed"))
                .extract().jsonPath();
        assertEquals(true, problem.getList("violations.field").contains(field), () -> field + " in " + problem.prettify());
    }

    private static void endPromo(String id) {
        given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/promos/{id}", id)
                .then().statusCode(204);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.remove(field);
        return copy;
    }
}
