package com.microdrama.entitlement.it;

import com.microdrama.entitlement.access.AccessService;
import com.microdrama.entitlement.config.EntitlementConfig;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waiting checks are capped per user ({@code entitlement.check.waits.per-user}): one more than the cap is refused at
 * once with 429 {@code too-many-waits} and {@code Retry-After}, and every way a wait ends (answered, or the client
 * gone) gives its slot back. Each test has its own fresh viewer, so other tests' waits never count against it.
 */
@QuarkusTest
class WaitingCheckCapsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SERIES = "it-caps-series-" + RUN;
    private static final String FREE = "it-caps-ep-" + RUN + "-1";
    private static final String PAID = "it-caps-ep-" + RUN + "-2";
    private static final String OTHER = "it-caps-ep-" + RUN + "-3";
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

    @Inject
    AccessService access;
    @Inject
    EntitlementConfig config;

    @BeforeAll
    static void catalog() {
        TestKafka.freeFirstSeries(SERIES, FREE, PAID, OTHER);
    }

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    private static Response check(String token, String episodeId, int waitMs) {
        return given().auth().oauth2(token).queryParam("episodeId", episodeId).queryParam("waitMs", waitMs)
                .when().get("/api/entitlements/check");
    }

    private int perUser() {
        return config.check().waits().perUser();
    }

    private int waitingFor(String userId) {
        return access.waitSlots().takenBy(userId);
    }

    @Test
    void oneWaitMoreThanTheCapIsRefusedAtOnceWithRetryAfterAndAFinishedWaitFreesItsSlot() throws Exception {
        String viewer = KeycloakUsers.newViewerToken("it-wait-caps");
        String viewerId = KeycloakTokens.subject(viewer);
        List<CompletableFuture<Response>> waiting = new ArrayList<>();
        for (int i = 0; i < perUser(); i++) {
            waiting.add(CompletableFuture.supplyAsync(() -> check(viewer, PAID, 10_000), CLIENTS));
        }
        await().atMost(PATIENCE).until(() -> waitingFor(viewerId) == perUser());

        long sent = System.nanoTime();
        check(viewer, PAID, 10_000).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("type", equalTo("https://microdrama.example/problems/too-many-waits"))
                .body("status", equalTo(429))
                .body("limit", equalTo("user"))
                .body("maxWaiting", equalTo(perUser()))
                .body("retryAfterSeconds", equalTo(2));
        assertTrue(System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(5), "refused without waiting");
        assertEquals(perUser(), waitingFor(viewerId), "the refused check took no slot");
        // the cap is on waiting only: a plain check still answers
        check(viewer, PAID, 0).then().statusCode(200).body("allowed", equalTo(false));

        // a grant answers every waiting check, and each gives its slot back
        given().auth().oauth2(AdminTokens.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("userId", viewerId, "episodeId", PAID, "adImpressionId", "imp-" + UUID.randomUUID()))
                .when().post("/api/entitlements/admin/ad-rewards")
                .then().statusCode(201);
        for (CompletableFuture<Response> answer : waiting) {
            answer.get(15, TimeUnit.SECONDS).then().statusCode(200).body("allowed", equalTo(true));
        }
        await().atMost(PATIENCE).until(() -> waitingFor(viewerId) == 0);

        check(viewer, OTHER, 300).then().statusCode(200).body("episodeId", equalTo(OTHER))
                .body("allowed", equalTo(false));
    }

    @Test
    void aClientThatHangsUpWhileWaitingGivesItsSlotBackBeforeItsWaitWouldHaveEnded() throws Exception {
        String viewer = KeycloakUsers.newViewerToken("it-wait-gone");
        String viewerId = KeycloakTokens.subject(viewer);
        List<Socket> connections = new ArrayList<>();
        try {
            for (int i = 0; i < perUser(); i++) {
                connections.add(rawWaitingCheck(viewer, PAID, 10_000));
            }
            await().atMost(PATIENCE).until(() -> waitingFor(viewerId) == perUser());
            check(viewer, PAID, 10_000).then().statusCode(429);
        } finally {
            for (Socket connection : connections) {
                connection.close();
            }
        }

        // well before the 10 s waits run out: released because the clients left
        await().atMost(Duration.ofSeconds(6)).until(() -> waitingFor(viewerId) == 0);

        check(viewer, OTHER, 300).then().statusCode(200).body("allowed", equalTo(false));
    }

    /** A waiting check on a plain connection, so the test can hang up in the middle of the wait. */
    private static Socket rawWaitingCheck(String token, String episodeId, int waitMs) throws IOException {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        String request = "GET /api/entitlements/check?episodeId=" + episodeId + "&waitMs=" + waitMs + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + RestAssured.port + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Accept: application/json\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
