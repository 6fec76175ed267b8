package com.microdrama.catalog.playback;

import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.catalog.testing.Viewers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Playback authorization against real PostgreSQL and Keycloak, entitlement-service played by a stand-in. */
@QuarkusTest
class PlaybackIT {
    private static final String FREE = "midnight-contract-ep-01";
    private static final String PAID = "midnight-contract-ep-04";

    @Inject
    PlaybackSigner signer;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    void reset() {
        EntitlementStandIn.reset();
        circuitBreakers.resetAll();
    }

    private static String playbackPath(String episodeId) {
        return "/api/catalog/episodes/" + episodeId + "/playback";
    }

    @Test
    void freeEpisodePlaysAnonymouslyWithAVerifiableSignedUrl() {
        ExtractableResponse<Response> response = given()
                .when().post(playbackPath(FREE))
                .then().statusCode(200)
                .body("episodeId", equalTo(FREE))
                .extract();

        String url = response.path("playbackUrl");
        Instant expiresAt = Instant.parse(response.path("expiresAt"));
        String prefix = signer.assetPrefix("midnight-contract/ep-01.m3u8");
        assertTrue(url.startsWith("http://127.0.0.1:8080/media/anonymous/" + expiresAt.getEpochSecond() + "/"), url);
        assertTrue(url.endsWith("/" + prefix + "/index.m3u8"), url);
        assertTrue(signer.verify(url).isPresent(), "the URL must carry a valid signature");
        assertTrue(expiresAt.isAfter(Instant.now().plus(Duration.ofMinutes(4))));
        assertTrue(expiresAt.isBefore(Instant.now().plus(Duration.ofMinutes(6))));
        assertEquals(List.of(), EntitlementStandIn.calls(), "free episodes need no entitlement check");
    }

    @Test
    void theMediaEdgeVerifierAcceptsOnlyTheSignedPathUnedited() {
        String url = given().when().post(playbackPath(FREE)).then().statusCode(200).extract().path("playbackUrl");
        String path = url.substring("http://127.0.0.1:8080".length());

        given().header("X-Original-URI", path).when().get("/internal/media-auth").then().statusCode(204);
        given().header("X-Original-URI", path.replace("index.m3u8", "seg-0.ts"))
                .when().get("/internal/media-auth").then().statusCode(204);
        String otherPrefix = signer.assetPrefix("midnight-contract/ep-04.m3u8");
        String prefix = signer.assetPrefix("midnight-contract/ep-01.m3u8");
        for (String edited : List.of(path.replace(prefix, otherPrefix), path.replace("/anonymous/", "/someone/"),
                path.replace("index.m3u8", "../x/index.m3u8"), "/media/anonymous/1/x/" + prefix + "/index.m3u8")) {
            given().header("X-Original-URI", edited).when().get("/internal/media-auth")
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://microdrama.example/problems/media-access-denied"));
        }
        given().when().get("/internal/media-auth").then().statusCode(403);
    }

    @Test
    void playbackCanAlsoBeAuthorizedWithGet() {
        given().when().get(playbackPath(FREE))
                .then().statusCode(200)
                .body("episodeId", equalTo(FREE));
    }

    @Test
    void paidEpisodeWithoutTokenIs401Problem() {
        given().when().post(playbackPath(PAID))
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("https://microdrama.example/problems/unauthorized"))
                .body("status", equalTo(401));
        assertEquals(List.of(), EntitlementStandIn.calls());
    }

    @Test
    void entitledViewerGetsAUrlBoundToThemAskedWithCatalogsOwnServiceToken() {
        String alice = Viewers.aliceId();
        EntitlementStandIn.grant(alice, PAID, "episode-purchase");

        String url = given().auth().oauth2(Viewers.alice())
                .when().post(playbackPath(PAID))
                .then().statusCode(200)
                .body("episodeId", equalTo(PAID))
                .extract().path("playbackUrl");

        assertTrue(url.contains("/media/" + alice + "/"), url);
        assertTrue(signer.verify(url).isPresent());
        assertTrue(signer.verify(url.replace(alice, "someone-else")).isEmpty(), "the URL is bound to the viewer");

        List<EntitlementStandIn.Call> calls = EntitlementStandIn.calls();
        assertEquals(1, calls.size(), calls.toString());
        assertEquals("check", calls.get(0).path());
        assertEquals(alice, calls.get(0).userId());
        assertEquals(PAID, calls.get(0).target());
        assertEquals("catalog-service", calls.get(0).callerClient(), "catalog must call with its service account");
        assertNotEquals(alice, calls.get(0).callerSubject(), "the viewer's token must not be forwarded");
    }

    @Test
    void notEntitledViewerGets402WithWaysToUnlock() {
        given().auth().oauth2(Viewers.alice())
                .when().post(playbackPath(PAID))
                .then().statusCode(402)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/episode-locked"))
                .body("title", equalTo("Episode locked"))
                .body("status", equalTo(402))
                .body("detail", containsString("60 coins"))
                .body("episodeId", equalTo(PAID))
                .body("seriesId", equalTo("midnight-contract"))
                .body("priceCoins", equalTo(60))
                .body("unlock", hasSize(3))
                .body("unlock[0].method", equalTo("coins"))
                .body("unlock[0].path", equalTo("/api/payments/episode-unlocks"))
                .body("unlock[1].method", equalTo("series"))
                .body("unlock[1].priceCoins", equalTo(450))
                .body("bundlePriceCoins", equalTo(450))
                // nine paid episodes at 60 cost more than the bundle: the bundle it is
                .body("seriesUnlockPriceCoins", equalTo(450))
                .body("unlock[2].method", equalTo("vip"));
    }

    @Test
    void entitlementServiceDownFailsClosedQuicklyWhileFreeEpisodesStillPlay() {
        EntitlementStandIn.mode(EntitlementStandIn.Mode.DOWN);
        EntitlementStandIn.grant(Viewers.aliceId(), PAID, "episode-purchase");

        long started = System.nanoTime();
        given().auth().oauth2(Viewers.alice())
                .when().post(playbackPath(PAID))
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/entitlements-unavailable"))
                .body("episodeId", equalTo(PAID));
        assertFaster(started, Duration.ofSeconds(2));

        given().auth().oauth2(Viewers.alice())
                .when().post(playbackPath(FREE))
                .then().statusCode(200);
    }

    @Test
    void slowEntitlementServiceFailsClosedWithinTwoSeconds() {
        EntitlementStandIn.mode(EntitlementStandIn.Mode.SLOW);
        EntitlementStandIn.grant(Viewers.aliceId(), PAID, "episode-purchase");

        long started = System.nanoTime();
        given().auth().oauth2(Viewers.alice())
                .when().post(playbackPath(PAID))
                .then().statusCode(503)
                .body("type", equalTo("https://microdrama.example/problems/entitlements-unavailable"));
        assertFaster(started, Duration.ofSeconds(2));
        assertEquals(1, EntitlementStandIn.calls().size(), "a timeout is not retried: it would double the wait");

        given().when().post(playbackPath(FREE)).then().statusCode(200);
    }

    @Test
    void unknownAndUnpublishedEpisodesAre404Problems() {
        given().when().post(playbackPath("no-such-episode"))
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/unknown-episode"))
                .body("episodeId", equalTo("no-such-episode"));
        given().auth().oauth2(Viewers.alice())
                .when().post(playbackPath("the-last-heist-ep-01"))
                .then().statusCode(404)
                .body("type", equalTo("https://microdrama.example/problems/unknown-episode"));
    }

    private static void assertFaster(long startedNanos, Duration limit) {
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        assertTrue(took.compareTo(limit) < 0, "took " + took.toMillis() + " ms, limit " + limit.toMillis() + " ms");
    }
}
