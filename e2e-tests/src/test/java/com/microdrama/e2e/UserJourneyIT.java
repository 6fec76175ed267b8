package com.microdrama.e2e;

import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.Platform;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The walking-skeleton journey through the gateway, across the three running services, with real Keycloak tokens. */
class UserJourneyIT {
    private static final String SERIES = "midnight-contract";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static JsonPath series;

    @BeforeAll
    static void readTheCatalogThroughTheGateway() {
        RestAssured.baseURI = Platform.gatewayUrl();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        series = given().header("Accept-Language", "es").get("/api/catalog/series/" + SERIES)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void catalogAnswersInTheRequestedLanguageWithFreeAndPricedEpisodes() {
        assertEquals("es", series.getString("language"));
        List<Map<String, Object>> episodes = series.getList("episodes");
        assertTrue(episodes.size() >= 10, "flagship has at least 10 episodes");
        assertEquals(true, episode(1).get("free"));
        assertEquals(true, episode(3).get("free"));
        assertEquals(false, episode(4).get("free"));
        assertTrue((Integer) episode(4).get("priceCoins") > 0, "episode 4 has a coin price");
    }

    @Test
    void viewerBuysCoinsUnlocksEpisodeFourAndPlaysItWhileEpisodeFiveAndOtherViewersStayLocked() {
        String viewer = KeycloakUsers.newViewerToken("e2e-journey");
        String otherViewer = KeycloakUsers.newViewerToken("e2e-other");
        String ep4 = (String) episode(4).get("id");
        String ep5 = (String) episode(5).get("id");
        int price = (Integer) episode(4).get("priceCoins");

        String packId = cheapestPackWithAtLeast(viewer, price);
        // Through Stripe: the purchase waits for the app to pay; coins come only with Stripe's webhook.
        JsonPath purchase = as(viewer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("packId", packId)).post("/api/payments/pack-purchases")
                .then().statusCode(201).body("status", equalTo("PENDING")).body("packId", equalTo(packId))
                .extract().jsonPath();
        assertEquals("stripe", purchase.getString("provider"));
        String purchaseId = purchase.getString("purchaseId");
        assertEquals(0, balance(viewer), "nothing credited before Stripe confirms the payment");

        // a declined card first: Stripe's 402, and that purchase fails without a coin
        JsonPath declined = as(viewer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("packId", packId)).post("/api/payments/pack-purchases")
                .then().statusCode(201).body("status", equalTo("PENDING")).extract().jsonPath();
        assertEquals("card_declined", StripeCheckout.decline(declined.getString("clientSecret")).getCode());
        StripeCheckout.awaitPurchase(() -> as(viewer), declined.getString("purchaseId"), "FAILED");
        assertEquals(0, balance(viewer), "a declined card credits nothing");

        StripeCheckout.pay(purchase.getString("clientSecret"));
        StripeCheckout.awaitPurchase(() -> as(viewer), purchaseId, "COMPLETED");
        int balanceAfterPurchase = balance(viewer);
        assertEquals((Integer) purchase.get("coins") + (Integer) purchase.get("bonusCoins"), balanceAfterPurchase,
                "the paid pack credited the wallet");
        assertTrue(balanceAfterPurchase >= price, "the pack pays for episode 4");

        as(viewer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("episodeId", ep4)).post("/api/payments/episode-unlocks")
                .then().statusCode(201)
                .body("episodeId", equalTo(ep4))
                .body("coinsSpent", equalTo(price))
                .body("balance", equalTo(balanceAfterPurchase - price));

        // The unlock reaches entitlement-service through the outbox and Kafka: eventually, not instantly. The check
        // waits for the grant (waitMs) through the gateway, as the app does after paying.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as(viewer).queryParam("episodeId", ep4).queryParam("waitMs", 10_000).get("/api/entitlements/check")
                        .then().statusCode(200).body("allowed", equalTo(true)).body("reason", equalTo("episode-purchase")));

        as(viewer).post("/api/catalog/episodes/" + ep4 + "/playback")
                .then().statusCode(200)
                .body("episodeId", equalTo(ep4))
                .body("playbackUrl", startsWith("http"))
                .body("expiresAt", notNullValue());

        as(viewer).post("/api/catalog/episodes/" + ep5 + "/playback")
                .then().statusCode(402).contentType(PROBLEM_JSON)
                .body("type", endsWith("/episode-locked"))
                .body("priceCoins", greaterThan(0))
                .body("seriesId", equalTo(SERIES));

        as(otherViewer).post("/api/catalog/episodes/" + ep4 + "/playback")
                .then().statusCode(402).contentType(PROBLEM_JSON).body("type", endsWith("/episode-locked"));

        as(viewer).get("/api/catalog/series/" + SERIES).then().statusCode(200)
                .body("episodes.find { it.number == 4 }.locked", equalTo(false))
                .body("episodes.find { it.number == 5 }.locked", equalTo(true));
    }

    @Test
    void freeEpisodePlaysWithoutSigningInButAPaidOneAsksForATokenFirst() {
        given().post("/api/catalog/episodes/" + episode(1).get("id") + "/playback")
                .then().statusCode(200).body("playbackUrl", startsWith("http"));
        given().post("/api/catalog/episodes/" + episode(4).get("id") + "/playback")
                .then().statusCode(401);
    }

    @Test
    void badInputGetsAProblemAndChangesNothing() {
        String viewer = KeycloakUsers.newViewerToken("e2e-bad-input");

        as(viewer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("episodeId", episode(4).get("id"))).post("/api/payments/episode-unlocks")
                .then().statusCode(402).contentType(PROBLEM_JSON).body("type", endsWith("/insufficient-coins"));
        as(viewer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("episodeId", "no-such-episode")).post("/api/payments/episode-unlocks")
                .then().statusCode(404).contentType(PROBLEM_JSON).body("type", endsWith("/unknown-episode"));
        as(viewer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("packId", "no-such-pack")).post("/api/payments/pack-purchases")
                .then().statusCode(404).contentType(PROBLEM_JSON).body("type", endsWith("/unknown-pack"));
        as(viewer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"packId\": ").post("/api/payments/pack-purchases")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("detail", notNullValue());
        given().get("/api/payments/wallet").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/api/payments/wallet").then().statusCode(401);
        as(viewer).post("/api/catalog/episodes/no-such-episode/playback")
                .then().statusCode(404).contentType(PROBLEM_JSON);

        as(viewer).get("/api/payments/wallet").then().statusCode(200)
                .body("balance", equalTo(0)).body("paidCoins", equalTo(0)).body("bonusCoins", equalTo(0));
        as(viewer).get("/api/payments/wallet/ledger").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void gatewayPassesARequestIdThrough() {
        given().header("X-Request-Id", "e2e-request-id-1").get("/api/catalog/series")
                .then().statusCode(200).header("X-Request-Id", containsString("e2e-request-id-1"));
    }

    private static int balance(String token) {
        return as(token).get("/api/payments/wallet").then().statusCode(200).extract().jsonPath().getInt("balance");
    }

    private static Map<String, Object> episode(int number) {
        return series.getMap("episodes.find { it.number == " + number + " }");
    }

    private static String cheapestPackWithAtLeast(String token, int coins) {
        List<Map<String, Object>> packs = as(token).get("/api/payments/packs").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return packs.stream()
                .filter(p -> (Integer) p.get("coins") + (Integer) p.get("bonusCoins") >= coins)
                .min((a, b) -> Integer.compare((Integer) a.get("coins"), (Integer) b.get("coins")))
                .map(p -> (String) p.get("id"))
                .orElseThrow(() -> new AssertionError("no pack gives " + coins + " coins: " + packs));
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }
}
