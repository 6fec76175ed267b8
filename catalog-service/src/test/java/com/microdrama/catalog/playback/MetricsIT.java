package com.microdrama.catalog.playback;

import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.catalog.testing.Viewers;
import com.microdrama.testsupport.MetricSamples;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Playback is timed once per request by outcome, a refusal because entitlement-service could not be asked is counted
 * as failed closed, and every read-cache lookup is a hit or a miss (docs/decisions/0026-business-metrics.md). The
 * deltas of /q/metrics are exact.
 */
@QuarkusTest
class MetricsIT {
    private static final String FREE = "midnight-contract-ep-01";
    private static final String PAID = "midnight-contract-ep-04";
    private static final String PLAYBACK = "microdrama_playback_seconds_count";

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @BeforeEach
    @AfterEach
    void reset() {
        EntitlementStandIn.reset();
        circuitBreakers.resetAll();
    }

    private static MetricSamples scrape() {
        return MetricSamples.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static String path(String episodeId) {
        return "/api/catalog/episodes/" + episodeId + "/playback";
    }

    @Test
    void eachPlaybackIsTimedOnceByOutcomeAndAFailedCheckCountsAsFailedClosed() {
        MetricSamples before = scrape();

        given().when().post(path(FREE)).then().statusCode(200);
        given().when().post(path(PAID)).then().statusCode(401);
        given().auth().oauth2(Viewers.alice()).when().post(path(PAID)).then().statusCode(402);
        EntitlementStandIn.grant(Viewers.aliceId(), PAID, "episode-purchase");
        given().auth().oauth2(Viewers.alice()).when().post(path(PAID)).then().statusCode(200);
        EntitlementStandIn.mode(EntitlementStandIn.Mode.DOWN);
        given().auth().oauth2(Viewers.alice()).when().post(path(PAID)).then().statusCode(503);
        MetricSamples after = scrape();

        assertEquals(2, after.delta(before, PLAYBACK, "outcome", "authorized"));
        assertEquals(1, after.delta(before, PLAYBACK, "outcome", "locked"));
        assertEquals(1, after.delta(before, PLAYBACK, "outcome", "refused"));
        assertEquals(1, after.delta(before, PLAYBACK, "outcome", "unavailable"));
        assertEquals(0, after.delta(before, PLAYBACK, "outcome", "error"));
        double failedClosed = 0;
        for (String reason : List.of("timeout", "circuit_open", "error")) {
            failedClosed += after.delta(before, "microdrama_fail_closed_total", "reason", reason);
        }
        assertEquals(1, failedClosed, "the one refused answer");
        // 5 playbacks, 3 of them signed in (their paywall-experiment offer is looked up too), and the series page
        // behind the 402 price with its offer
        assertEquals(5 + 3 + 2, after.delta(before, "microdrama_cache_requests_total", "cache", "catalog", "result", "hit")
                + after.delta(before, "microdrama_cache_requests_total", "cache", "catalog", "result", "miss"),
                "one read-cache lookup per playback, one per signed-in viewer's offer, and the series page behind the 402");
        assertTrue(after.has("microdrama_playback_seconds_bucket", "outcome", "authorized", "le", "0.03"),
                "a bucket at the 30 ms target");
    }

    @Test
    void theCountersAndTheConsumersLagAreExportedFromTheStart() {
        MetricSamples now = scrape();
        for (String result : List.of("hit", "miss")) {
            assertTrue(now.has("microdrama_cache_requests_total", "cache", "entitlements", "result", result));
            assertTrue(now.has("microdrama_cache_requests_total", "cache", "catalog", "result", result));
        }
        assertTrue(now.has("microdrama_fail_closed_total", "reason", "circuit_open"));
        assertTrue(now.hasAny("kafka_consumer_fetch_manager_records_lag_max"), "the entitlement-events listener's lag");
    }
}
