package com.microdrama.entitlement.it;

import com.microdrama.entitlement.access.GrantNotices;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/entitlements/check?waitMs=}: a check that waits for the unlock. The test profile reads again only
 * every 20 s ({@code %test.entitlement.check.recheck-interval}), so an answer within seconds can only come from the
 * grant's NOTIFY waking the waiting check.
 */
@QuarkusTest
class WaitingCheckIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SERIES = "it-wait-series-" + RUN;
    private static final String FREE = "it-wait-ep-" + RUN + "-1";
    private static final String PAID = "it-wait-ep-" + RUN + "-2";
    private static final String OTHER = "it-wait-ep-" + RUN + "-3";
    /** The sessions of this database that LISTEN for grants (pg_stat_activity). */
    private static final String LISTENERS =
            "datname = current_database() and query ilike 'LISTEN%entitlement_granted%'";

    @Inject
    GrantNotices notices;

    @BeforeAll
    static void catalog() {
        TestKafka.freeFirstSeries(SERIES, FREE, PAID, OTHER);
    }

    @BeforeEach
    void freshUser() {
        Alice.forgetEntitlements();
    }

    private static Response check(String episodeId, Object waitMs) {
        return given().auth().oauth2(Alice.TOKEN).queryParam("episodeId", episodeId).queryParam("waitMs", waitMs)
                .when().get("/api/entitlements/check");
    }

    /** Starts a waiting check and returns once the service holds it. */
    private CompletableFuture<Response> waitingCheck(String episodeId) {
        int before = notices.waiters().waiting();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> check(episodeId, 10_000));
        await().atMost(PATIENCE).until(() -> notices.waiters().waiting() > before || answer.isDone());
        return answer;
    }

    @Test
    void aWaitingCheckAnswersAllowedAsSoonAsThePurchaseIsApplied() throws Exception {
        CompletableFuture<Response> answer = waitingCheck(PAID);
        long sent = System.nanoTime();

        TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                new EpisodePurchased("unl-" + UUID.randomUUID(), Alice.ID, PAID, SERIES, 80, Instant.now()));

        Response r = answer.get(15, TimeUnit.SECONDS);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        r.then().statusCode(200).body("episodeId", equalTo(PAID)).body("allowed", equalTo(true))
                .body("reason", equalTo("episode-purchase"));
        assertTrue(waitedMs < 8_000, "woken by the grant, not by the end of the wait: " + waitedMs + " ms");
    }

    @Test
    void aWaitingCheckIsWokenByAnAdRewardGrantedThroughTheAdminApi() throws Exception {
        CompletableFuture<Response> answer = waitingCheck(OTHER);
        long sent = System.nanoTime();

        given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("userId", Alice.ID, "episodeId", OTHER, "adImpressionId", "imp-" + UUID.randomUUID()))
                .when().post("/api/entitlements/admin/ad-rewards")
                .then().statusCode(201);

        Response r = answer.get(15, TimeUnit.SECONDS);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        r.then().statusCode(200).body("allowed", equalTo(true)).body("reason", equalTo("promo"));
        assertTrue(waitedMs < 8_000, "woken by the grant, not by the end of the wait: " + waitedMs + " ms");
    }

    @Test
    void theListeningConnectionIsOpenedWithThePoolsSettings() {
        await().atMost(PATIENCE).until(notices::listening);

        // application_name is set only through the pool's driver properties (application.properties)
        List<String> listeners = TestDb.rows("select application_name from pg_stat_activity where " + LISTENERS);
        assertFalse(listeners.isEmpty(), "nobody LISTENs on entitlement_granted");
        assertEquals(List.of("entitlement-service"), listeners.stream().distinct().toList());
    }

    @Test
    void aCutListeningConnectionIsReplacedAndWaitingChecksAreWokenAgain() throws Exception {
        await().atMost(PATIENCE).until(notices::listening);
        List<String> before = TestDb.rows("select pid from pg_stat_activity where " + LISTENERS);

        TestDb.rows("select pg_terminate_backend(pid) from pg_stat_activity where " + LISTENERS);

        await().atMost(PATIENCE).until(() -> {
            List<String> now = TestDb.rows("select pid from pg_stat_activity where " + LISTENERS);
            return !now.isEmpty() && now.stream().noneMatch(before::contains);
        });
        await().atMost(PATIENCE).until(notices::listening);
        CompletableFuture<Response> answer = waitingCheck(PAID);
        long sent = System.nanoTime();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                new EpisodePurchased("unl-" + UUID.randomUUID(), Alice.ID, PAID, SERIES, 80, Instant.now()));

        answer.get(15, TimeUnit.SECONDS).then().statusCode(200).body("allowed", equalTo(true));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        assertTrue(waitedMs < 8_000, "woken by the grant on the new connection: " + waitedMs + " ms");
    }

    @Test
    void aWaitWithoutAGrantEndsNotAllowedAfterWaitMs() {
        long sent = System.nanoTime();

        check(PAID, 400).then().statusCode(200).body("allowed", equalTo(false)).body("reason", equalTo("none"));

        assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(400));
        await().atMost(PATIENCE).until(() -> notices.waiters().waiting() == 0);
    }

    @Test
    void anEpisodeThatIsAlreadyAllowedAnswersAtOnce() {
        long sent = System.nanoTime();

        check(FREE, 10_000).then().statusCode(200).body("allowed", equalTo(true)).body("reason", equalTo("free"));

        assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void aWaitOutsideZeroToTenSecondsOrNotANumberIsAProblem() {
        for (Object waitMs : new Object[]{-1, 10_001}) {
            check(PAID, waitMs).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://microdrama.example/problems/validation-failed"))
                    .body("violations.field", contains("waitMs"));
        }
        check(PAID, "soon").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://microdrama.example/problems/malformed-request"));
        assertEquals(0, notices.waiters().waiting());
    }
}
