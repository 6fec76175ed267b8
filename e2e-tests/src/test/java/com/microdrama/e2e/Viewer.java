package com.microdrama.e2e;

import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.Platform;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * A fresh viewer (a new Keycloak user, so wallets and entitlements start empty) who buys, unlocks and subscribes
 * through the gateway as the apps do, plus the admin calls the ops proofs need (refunds, promo grants).
 */
final class Viewer {
    /** Realm tokens live 15 minutes; sign in again well before that. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(10);

    final String username;
    final String id;
    private String token;
    private Instant signedInAt;

    private Viewer(String username) {
        this.username = username;
        signIn();
        this.id = KeycloakTokens.subject(token);
    }

    static Viewer create(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakUsers.createUser(username, username);
        return new Viewer(username);
    }

    private void signIn() {
        token = KeycloakTokens.userToken(username, username);
        signedInAt = Instant.now();
    }

    private RequestSpecification api() {
        if (Duration.between(signedInAt, Instant.now()).compareTo(TOKEN_REUSE) > 0) {
            signIn();
        }
        return asUser(token);
    }

    static RequestSpecification asUser(String token) {
        return given().baseUri(Platform.gatewayUrl()).auth().oauth2(token)
                .contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** A pack bought and paid at Stripe; returns once Stripe's webhook completed it (the coins are in the wallet). */
    String buyPack(String packId) {
        return StripeCheckout.buyPack(this::api, packId);
    }

    String unlockEpisode(String episodeId) {
        return unlockEpisode(episodeId, Map.of());
    }

    /** The unlock with extra request headers, e.g. the {@code traceparent} of a traced app (decision 0025). */
    String unlockEpisode(String episodeId, Map<String, String> headers) {
        return api().headers(headers).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("episodeId", episodeId))
                .post("/api/payments/episode-unlocks")
                .then().statusCode(201).extract().jsonPath().getString("unlockId");
    }

    String unlockSeries(String seriesId) {
        return api().header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("seriesId", seriesId))
                .post("/api/payments/series-unlocks")
                .then().statusCode(201).extract().jsonPath().getString("unlockId");
    }

    /** VIP through Stripe; returns once Stripe's events started it (ACTIVE, or TRIALING for a plan with a trial). */
    String subscribe(String planId) {
        return StripeCheckout.subscribe(this::api, planId);
    }

    /** entitlement-service's answer for one episode, as "allowed/reason" (e.g. "true/episode-purchase"). */
    String access(String episodeId) {
        JsonPath check = api().queryParam("episodeId", episodeId).get("/api/entitlements/check")
                .then().statusCode(200).extract().jsonPath();
        return check.getBoolean("allowed") + "/" + check.getString("reason");
    }

    /** The episode id of a series' episode number, from the public catalog. */
    static String episodeId(String seriesId, int number) {
        return given().baseUri(Platform.gatewayUrl()).get("/api/catalog/series/" + seriesId)
                .then().statusCode(200).extract().jsonPath()
                .getString("episodes.find { it.number == " + number + " }.id");
    }

    /** The admin calls (demo user admin/admin, realm role admin). */
    static final class Admin {
        private Admin() {
        }

        private static RequestSpecification api() {
            return asUser(KeycloakTokens.userToken("admin", "admin"));
        }

        static String refundUnlock(String unlockId, String reason) {
            return api().header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("unlockId", unlockId, "reason", reason)).post("/api/payments/admin/refunds")
                    .then().statusCode(201).extract().jsonPath().getString("refundId");
        }

        static String promoGrant(String userId, String episodeId, String reason) {
            return api().body(Map.of("userId", userId, "kind", "episode", "episodeId", episodeId, "reason", reason))
                    .post("/api/entitlements/admin/grants")
                    .then().statusCode(201).extract().jsonPath().getString("id");
        }

        /**
         * A new published series sold everywhere, episode 1 free and the others 60 coins (bundle 300), created through
         * catalog-service's admin API; returns its id.
         */
        static String publishedSeries(String prefix, int episodes) {
            String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            api().body(GatewayCalls.orderedMap("id", id, "originalLanguage", "en", "title", "Title of " + id, "synopsis", "Synopsis of " + id,
                            "genres", java.util.List.of("drama"), "ageRating", "all", "regions", java.util.List.of(),
                            "coverUrl", "https://cdn.microdrama.example/covers/" + id + ".jpg", "freeEpisodes", 1,
                            "episodePriceCoins", 60, "bundlePriceCoins", 300))
                    .post("/api/catalog/admin/series").then().statusCode(201);
            for (int n = 1; n <= episodes; n++) {
                api().body(Map.of("number", n, "durationSeconds", 90, "videoAsset", id + "/ep-" + n + ".m3u8",
                                "title", "Episode " + n))
                        .post("/api/catalog/admin/series/" + id + "/episodes").then().statusCode(201);
                api().post("/api/catalog/admin/episodes/%s-ep-%02d/publish".formatted(id, n)).then().statusCode(200);
            }
            api().post("/api/catalog/admin/series/" + id + "/publish").then().statusCode(200);
            return id;
        }

        static void revoke(String entitlementId, String reason) {
            api().queryParam("reason", reason).delete("/api/entitlements/admin/grants/" + entitlementId)
                    .then().statusCode(204);
        }
    }
}
