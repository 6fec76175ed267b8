package com.microdrama.catalog.entitlement;

import com.microdrama.catalog.testing.EntitlementStandIn;
import com.microdrama.catalog.testing.Viewers;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entitlement cache with its real invalidation feed: entitlement-events on the real broker. The stand-in of
 * entitlement-service changes its answer behind catalog's back; only an event about the user makes catalog ask again.
 */
@QuarkusTest
@TestProfile(EntitlementCacheIT.CacheOn.class)
class EntitlementCacheIT {
    private static final String PAID = "midnight-contract-ep-04";
    private static final String SERIES = "midnight-contract";
    private static KafkaProducer<String, String> producer;

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("catalog.entitlement-cache.ttl", "PT5M");
        }
    }

    @BeforeAll
    static void connect() {
        Properties p = new Properties();
        p.put("bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @BeforeEach
    void reset() {
        EntitlementStandIn.reset();
    }

    @Test
    void aRevocationEventOfTheUserEndsACachedYes() {
        String alice = Viewers.aliceId();
        EntitlementStandIn.grant(alice, PAID, "episode-purchase");
        playback().then().statusCode(200);

        EntitlementStandIn.revoke(alice, PAID);
        playback().then().statusCode(200);
        assertEquals(1, checks(), "the second playback was answered from the cache");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            // sent again on every poll: the instance's consumer may still be joining its group at first
            revokedEventFor(alice);
            playback().then().statusCode(402);
        });
    }

    @Test
    void aSeriesPageIsReusedUntilAnEventNamesTheUser() {
        String alice = Viewers.aliceId();
        seriesPage().then().statusCode(200).body("episodes.find { it.id == '" + PAID + "' }.locked", equalTo(true));
        // at most one: a 402 of an earlier test may already have cached alice's answer for the series (its offer
        // shows the series price from the same answer)
        long asked = seriesCalls();
        assertTrue(asked <= 1, "series asked " + asked + " times");

        EntitlementStandIn.grant(alice, PAID, "episode-purchase");
        seriesPage().then().statusCode(200).body("episodes.find { it.id == '" + PAID + "' }.locked", equalTo(true));
        assertEquals(asked, seriesCalls(), "the second page comes from the cache");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            revokedEventFor(alice);
            seriesPage().then().statusCode(200)
                    .body("episodes.find { it.id == '" + PAID + "' }.locked", equalTo(false));
        });
    }

    private static io.restassured.response.Response playback() {
        return given().auth().oauth2(Viewers.alice()).when().post("/api/catalog/episodes/" + PAID + "/playback");
    }

    private static io.restassured.response.Response seriesPage() {
        return given().auth().oauth2(Viewers.alice()).when().get("/api/catalog/series/" + SERIES);
    }

    private static long seriesCalls() {
        return EntitlementStandIn.calls().stream().filter(c -> c.path().equals("series")).count();
    }

    private static long checks() {
        return EntitlementStandIn.calls().stream().filter(c -> c.path().equals("check")).count();
    }

    private static void revokedEventFor(String userId) throws Exception {
        EventEnvelope event = EventEnvelope.of("/entitlement-service", EventTypes.ENTITLEMENT_REVOKED, userId,
                Map.of("userId", userId, "kind", "episode", "episodeId", PAID));
        // as entitlement-service's outbox sends it: structured CloudEvents, with the content-type header
        ProducerRecord<String, String> record = new ProducerRecord<>("entitlement-events", userId, event.toJson());
        record.headers().add("content-type", EventEnvelope.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }
}
