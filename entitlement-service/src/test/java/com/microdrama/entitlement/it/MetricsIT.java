package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.testsupport.MetricSamples;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What entitlement-service counts (docs/decisions/0026-business-metrics.md): an unlock's event delivered twice grants
 * once, a poison record behind it is dead-lettered once, and one single and one batch check are timed once each, into
 * histograms whose buckets are exported. The deltas of /q/metrics are exact.
 */
@QuarkusTest
class MetricsIT {

    private static MetricSamples scrape() {
        return MetricSamples.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @Test
    void aGrantDeliveredTwiceAPoisonRecordAndTwoChecksAreEachCountedOnce() {
        Alice.forgetEntitlements();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String seriesId = "it-metrics-" + run;
        String episodeId = "it-metrics-ep-" + run + "-2";
        // written into the catalog projection directly: waiting for catalog-events to be consumed would be most of
        // this test's time, and the projection is not what it is about
        TestDb.execute("insert into catalog_series (series_id, episode_count, free_episodes, bundle_price_coins,"
                + " published, updated_at) values (?, 2, 1, 900, true, now())", seriesId);
        TestDb.execute("insert into catalog_episode (episode_id, series_id, number, free, price_coins, published,"
                + " updated_at) values (?, ?, 1, true, 0, true, now()), (?, ?, 2, false, 80, true, now())",
                "it-metrics-ep-" + run + "-1", seriesId, episodeId, seriesId);
        MetricSamples before = scrape();

        EventEnvelope unlock = TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                new EpisodePurchased("unl-" + run, Alice.ID, episodeId, seriesId, 80, Instant.now()));
        // at-least-once: the same event again, then a poison record on the same partition (after both of them)
        TestKafka.send(Topics.PAYMENT_EVENTS, Alice.ID, unlock.toJson());
        TestKafka.send(Topics.PAYMENT_EVENTS, Alice.ID, "not an event " + run);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                scrape().delta(before, "microdrama_dead_lettered_total", "channel", "payment-events") >= 1);

        given().auth().oauth2(Alice.TOKEN).queryParam("episodeId", episodeId).when().get("/api/entitlements/check")
                .then().statusCode(200).body("allowed", equalTo(true));
        given().auth().oauth2(Alice.TOKEN).when().get("/api/entitlements/series/" + seriesId)
                .then().statusCode(200);
        MetricSamples after = scrape();

        assertEquals(1, after.delta(before, "microdrama_grants_total", "change", "granted"));
        assertEquals(0, after.delta(before, "microdrama_grants_total", "change", "revoked"));
        assertEquals(1, after.delta(before, "microdrama_dead_lettered_total", "channel", "payment-events"));
        assertEquals(0, after.delta(before, "microdrama_dead_lettered_total", "channel", "catalog-events"));
        assertEquals(1, after.delta(before, "microdrama_entitlement_check_seconds_count", "kind", "single"));
        assertEquals(1, after.delta(before, "microdrama_entitlement_check_seconds_count", "kind", "batch"));
        // the histogram's buckets, around the 20 ms target
        assertTrue(after.has("microdrama_entitlement_check_seconds_bucket", "kind", "single", "le", "0.02"));
        assertTrue(after.has("microdrama_entitlement_check_seconds_bucket", "kind", "batch", "le", "+Inf"));
    }

    @Test
    void theOutboxBacklogAndTheConsumersLagAreExported() {
        MetricSamples now = scrape();
        assertTrue(now.has("microdrama_outbox_pending"));
        assertTrue(now.has("microdrama_outbox_oldest_age_seconds"));
        assertTrue(now.has("microdrama_grants_total", "change", "revoked"));
        assertTrue(now.hasAny("kafka_consumer_fetch_manager_records_lag_max"), "the consumers' lag");
    }
}
