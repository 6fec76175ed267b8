package com.microdrama.entitlement.it;

import com.microdrama.entitlement.admin.LegacyRequestFingerprint;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PurchaseRefunded;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class AdminGrantsIT {
    private static final String PROBLEM = "application/problem+json";
    private static final String TYPES = "https://microdrama.example/problems/";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SERIES = "it-admin-series-" + RUN;
    private static final String FREE = "it-admin-ep-" + RUN + "-1";
    private static final String PAID = "it-admin-ep-" + RUN + "-2";
    private static final String OTHER = "it-admin-ep-" + RUN + "-3";

    private final String user = "it-admin-user-" + UUID.randomUUID();

    @BeforeAll
    static void catalog() {
        TestKafka.freeFirstSeries(SERIES, FREE, PAID, OTHER);
    }

    private static ValidatableResponse post(String path, String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/entitlements/admin" + path).then();
    }

    private static ValidatableResponse grantUnder(String idempotencyKey, Object body) {
        return given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey).body(body)
                .when().post("/api/entitlements/admin/grants").then();
    }

    private static ValidatableResponse check(String userId, String episodeId) {
        return given().auth().oauth2(AdminTokens.ADMIN).queryParam("episodeId", episodeId)
                .when().get("/api/entitlements/users/{userId}/check", userId)
                .then().statusCode(200);
    }

    private static ValidatableResponse history(String userId) {
        return given().auth().oauth2(AdminTokens.ADMIN)
                .when().get("/api/entitlements/admin/users/{userId}/entitlements", userId)
                .then().statusCode(200);
    }

    private Map<String, Object> episodeGrant(String episodeId) {
        return Map.of("userId", user, "kind", "episode", "episodeId", episodeId, "reason", "goodwill after a playback bug");
    }

    @Test
    void anEpisodePromoIsCreatedRecordedAndUnlocksOnlyThatEpisode() {
        String id = post("/grants", AdminTokens.ADMIN, episodeGrant(PAID))
                .statusCode(201)
                .header("Location", containsString("/api/entitlements/admin/grants/"))
                .body("kind", equalTo("promo"))
                .body("userId", equalTo(user))
                .body("episodeId", equalTo(PAID))
                .body("seriesId", equalTo(SERIES))
                .body("validUntil", nullValue())
                .body("source", startsWith("promo:"))
                .body("reason", equalTo("goodwill after a playback bug"))
                .body("active", equalTo(true))
                .body("grantedBy.type", equalTo("admin.promo-grant"))
                .body("grantedBy.actor", equalTo(AdminTokens.ADMIN_ID))
                .extract().path("id");

        check(user, PAID).body("allowed", equalTo(true)).body("reason", equalTo("promo"));
        check(user, OTHER).body("allowed", equalTo(false)).body("reason", equalTo("none"));
        given().auth().oauth2(AdminTokens.SUPPORT).when().get("/api/entitlements/admin/grants/{id}", id)
                .then().statusCode(200).body("id", equalTo(id)).body("kind", equalTo("promo"));
    }

    @Test
    void aSeriesPromoWithAWindowUnlocksTheSeriesUntilTheWindowEnds() {
        Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "series", "seriesId", SERIES,
                "validFrom", Instant.now().minus(Duration.ofMinutes(1)).toString(), "validUntil", until.toString(),
                "reason", "launch week"))
                .statusCode(201)
                .body("seriesId", equalTo(SERIES))
                .body("episodeId", nullValue())
                .body("validUntil", equalTo(until.toString()));

        check(user, OTHER).body("allowed", equalTo(true)).body("reason", equalTo("promo"))
                .body("validUntil", equalTo(until.toString()));
    }

    @Test
    void grantsThatNameTheWrongTargetOrAnEmptyWindowAreRejected() {
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "episode", "reason", "r"))
                .statusCode(400).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "validation-failed"))
                .body("violations.field", hasItem("episodeId"));
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "episode", "episodeId", PAID,
                "seriesId", SERIES, "reason", "r"))
                .statusCode(400).body("violations.field", hasItem("seriesId"));
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "vip", "reason", "r"))
                .statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("kind"));
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "series", "seriesId", SERIES, "reason", "r",
                "validFrom", "2026-12-01T00:00:00Z", "validUntil", "2026-11-30T00:00:00Z"))
                .statusCode(400).body("violations.field", hasItem("validUntil"));
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "episode", "episodeId", PAID))
                .statusCode(400).body("violations.field", hasItem("reason"));
        post("/grants", AdminTokens.ADMIN, "{\"userId\": ")
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPES + "malformed-request"));
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "series", "seriesId", SERIES, "reason", "r",
                "validUntil", "next tuesday"))
                .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPES + "malformed-request"))
                .body("field", equalTo("validUntil"));
        assertEquals(0, TestDb.count("select count(*) from entitlement where user_id = ?", user));
    }

    @Test
    void grantsForEpisodesOrSeriesTheCatalogNeverHadAreNotFound() {
        post("/grants", AdminTokens.ADMIN, episodeGrant("it-no-such-episode-" + RUN))
                .statusCode(404).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "unknown-episode"))
                .body("episodeId", equalTo("it-no-such-episode-" + RUN));
        post("/grants", AdminTokens.ADMIN, Map.of("userId", user, "kind", "series", "seriesId", "it-no-such-series",
                "reason", "r"))
                .statusCode(404).body("type", equalTo(TYPES + "unknown-series"));
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheSameGrantAndADifferentRequestUnderItConflicts() {
        String key = "grant-" + UUID.randomUUID();
        String first = grantUnder(key, episodeGrant(PAID)).statusCode(201).extract().path("id");
        grantUnder(key, episodeGrant(PAID)).statusCode(200).body("id", equalTo(first));
        grantUnder(key, episodeGrant(OTHER))
                .statusCode(409).contentType(PROBLEM).body("type", equalTo(TYPES + "idempotency-key-reused"));
        assertEquals(1, TestDb.count("select count(*) from entitlement where user_id = ?", user));
    }

    @Test
    void aGrantStoredWithTheEarlierFingerprintIsStillReplayedUnderItsKey() {
        String key = "grant-" + UUID.randomUUID();
        String first = grantUnder(key, episodeGrant(PAID)).statusCode(201).extract().path("id");
        // as a grant written before the shared fingerprint was stored
        TestDb.execute("update admin_action set request_hash = ? where actor is not null and idempotency_key = ?",
                LegacyRequestFingerprint.of(user, "episode", PAID, null, null, null, "goodwill after a playback bug"), key);

        grantUnder(key, episodeGrant(PAID)).statusCode(200).body("id", equalTo(first));
        grantUnder(key, episodeGrant(OTHER))
                .statusCode(409).contentType(PROBLEM).body("type", equalTo(TYPES + "idempotency-key-reused"));
    }

    @Test
    void aMalformedIdempotencyKeyIsRefusedBeforeAnythingIsGranted() {
        for (String key : List.of("two words", "k".repeat(201), "")) {
            grantUnder(key, episodeGrant(PAID))
                    .statusCode(400).contentType(PROBLEM).body("type", equalTo(TYPES + "idempotency-key-invalid"));
        }
        assertEquals(0, TestDb.count("select count(*) from entitlement where user_id = ?", user));
    }

    @Test
    void anAdRewardIsGrantedOncePerImpression() {
        String impression = "imp-" + UUID.randomUUID();
        Map<String, Object> reward = Map.of("userId", user, "episodeId", PAID, "adImpressionId", impression);
        String id = post("/ad-rewards", AdminTokens.ADMIN, reward)
                .statusCode(201)
                .body("kind", equalTo("promo"))
                .body("episodeId", equalTo(PAID))
                .body("source", equalTo("ad-reward:" + impression))
                .body("grantedBy.type", equalTo("admin.ad-reward"))
                .extract().path("id");
        post("/ad-rewards", AdminTokens.ADMIN, reward).statusCode(200).body("id", equalTo(id));
        post("/ad-rewards", AdminTokens.ADMIN, Map.of("userId", "someone-else-" + RUN, "episodeId", PAID,
                "adImpressionId", impression))
                .statusCode(409).contentType(PROBLEM).body("type", equalTo(TYPES + "ad-impression-reused"));

        check(user, PAID).body("allowed", equalTo(true)).body("reason", equalTo("promo"));
        assertEquals(1, TestDb.count("select count(*) from entitlement where user_id = ?", user));
    }

    @Test
    void revokingEndsAccessRecordsTheAdminAndIsIdempotent() {
        String id = post("/grants", AdminTokens.ADMIN, episodeGrant(PAID)).statusCode(201).extract().path("id");

        given().auth().oauth2(AdminTokens.ADMIN).queryParam("reason", "granted by mistake")
                .when().delete("/api/entitlements/admin/grants/{id}", id)
                .then().statusCode(204);
        check(user, PAID).body("allowed", equalTo(false)).body("reason", equalTo("none"));
        given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/grants/{id}", id)
                .then().statusCode(204);

        history(user)
                .body("items", hasSize(1))
                .body("items[0].revoked", equalTo(true))
                .body("items[0].active", equalTo(false))
                .body("items[0].revokedBy.type", equalTo("admin.revoke"))
                .body("items[0].revokedBy.actor", equalTo(AdminTokens.ADMIN_ID))
                .body("items[0].revokedBy.reason", equalTo("granted by mistake"));
        assertEquals(1, TestDb.count("select count(*) from admin_action where action = 'revoke' and entitlement_id = ?::uuid", id),
                "the repeated revocation journals nothing");
    }

    @Test
    void unknownEntitlementsCannotBeRevoked() {
        given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/grants/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM).body("type", equalTo(TYPES + "unknown-entitlement"));
        given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/grants/{id}", "not-an-id")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void anAdminCanRevokeAPurchaseAndTheHistoryNamesTheEventsOnBothEnds() {
        String kept = "unl-" + UUID.randomUUID();
        String refunded = "unl-" + UUID.randomUUID();
        EventEnvelope keptPurchase = TestKafka.payment(EventTypes.EPISODE_PURCHASED, user,
                new EpisodePurchased(kept, user, PAID, SERIES, 80, Instant.now()));
        EventEnvelope refundedPurchase = TestKafka.payment(EventTypes.EPISODE_PURCHASED, user,
                new EpisodePurchased(refunded, user, OTHER, SERIES, 80, Instant.now()));
        EventEnvelope refund = TestKafka.payment(EventTypes.PURCHASE_REFUNDED, user,
                new PurchaseRefunded("ref-" + UUID.randomUUID(), user, refunded, "episode-unlock", "test", Instant.now()));
        await().atMost(PATIENCE).until(() -> TestDb.count(
                "select count(*) from entitlement where user_id = ? and (source = ? or (source = ? and revoked_at is not null))",
                user, kept, refunded) == 2);

        String keptId = history(user).extract().path("items.find { it.source == '" + kept + "' }.id");
        given().auth().oauth2(AdminTokens.ADMIN).when().delete("/api/entitlements/admin/grants/{id}", keptId)
                .then().statusCode(204);
        check(user, PAID).body("allowed", equalTo(false));

        given().auth().oauth2(AdminTokens.SUPPORT)
                .when().get("/api/entitlements/admin/users/{userId}/entitlements", user)
                .then().statusCode(200)
                .body("userId", equalTo(user))
                .body("items", hasSize(2))
                .body("items.find { it.source == '" + kept + "' }.kind", equalTo("episode"))
                .body("items.find { it.source == '" + kept + "' }.grantedBy.id", equalTo(keptPurchase.id()))
                .body("items.find { it.source == '" + kept + "' }.grantedBy.type", equalTo(EventTypes.EPISODE_PURCHASED))
                .body("items.find { it.source == '" + kept + "' }.revokedBy.type", equalTo("admin.revoke"))
                .body("items.find { it.source == '" + kept + "' }.revokedBy.actor", equalTo(AdminTokens.ADMIN_ID))
                .body("items.find { it.source == '" + refunded + "' }.grantedBy.id", equalTo(refundedPurchase.id()))
                .body("items.find { it.source == '" + refunded + "' }.revokedBy.id", equalTo(refund.id()))
                .body("items.find { it.source == '" + refunded + "' }.revokedBy.type", equalTo(EventTypes.PURCHASE_REFUNDED))
                .body("items.find { it.source == '" + refunded + "' }.revokedAt", notNullValue());
    }

    @Test
    void supportMayReadButNotWrite() {
        given().auth().oauth2(AdminTokens.SUPPORT).when().get("/api/entitlements/admin/users/{userId}/entitlements", user)
                .then().statusCode(200).body("items", hasSize(0));
        post("/grants", AdminTokens.SUPPORT, episodeGrant(PAID))
                .statusCode(403).contentType(PROBLEM).body("type", equalTo(TYPES + "forbidden"));
        post("/ad-rewards", AdminTokens.SUPPORT, Map.of("userId", user, "episodeId", PAID, "adImpressionId", "x"))
                .statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(AdminTokens.SUPPORT).when().delete("/api/entitlements/admin/grants/{id}", UUID.randomUUID())
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(AdminTokens.SUPPORT).when().post("/api/entitlements/admin/rebuild")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void aPlainUserIsForbiddenOnEveryAdminEndpoint() {
        post("/grants", Alice.TOKEN, episodeGrant(PAID)).statusCode(403).contentType(PROBLEM)
                .body("type", equalTo(TYPES + "forbidden"));
        post("/ad-rewards", Alice.TOKEN, Map.of("userId", Alice.ID, "episodeId", PAID, "adImpressionId", "x"))
                .statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Alice.TOKEN).when().delete("/api/entitlements/admin/grants/{id}", UUID.randomUUID())
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Alice.TOKEN).when().get("/api/entitlements/admin/grants/{id}", UUID.randomUUID())
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Alice.TOKEN).when().get("/api/entitlements/admin/users/{userId}/entitlements", Alice.ID)
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Alice.TOKEN).when().post("/api/entitlements/admin/rebuild")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Alice.TOKEN).when().get("/api/entitlements/admin/rebuild/{jobId}", UUID.randomUUID())
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void withoutATokenTheAdminApiAnswers401() {
        given().contentType(ContentType.JSON).body(episodeGrant(PAID))
                .when().post("/api/entitlements/admin/grants")
                .then().statusCode(401).contentType(PROBLEM).body("type", equalTo(TYPES + "unauthorized"));
    }
}
