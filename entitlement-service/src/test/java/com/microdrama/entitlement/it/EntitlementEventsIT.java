package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EntitlementChanged;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Grants and revocations go out on entitlement-events, keyed by user, naming the payment event behind them. */
@QuarkusTest
class EntitlementEventsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    // A user of its own per test: the topic is shared and persistent, so the records are found by this key.
    private final String userId = "it-events-" + UUID.randomUUID();
    private final String unlockId = "unl-" + UUID.randomUUID();
    private final String episodeId = "it-events-ep-" + UUID.randomUUID();
    // opened before the test acts: what the test causes is after these end offsets
    private final TopicReader events = TopicReader.atEndOf(Topics.ENTITLEMENT_EVENTS, userId::equals);

    @AfterEach
    void closeReader() {
        events.close();
    }

    @Test
    void aPurchaseIsAnnouncedAsGrantedAndItsRefundAsRevoked() {
        EventEnvelope purchase = TestKafka.payment(EventTypes.EPISODE_PURCHASED, userId,
                new EpisodePurchased(unlockId, userId, episodeId, "it-events-series", 80, Instant.now()));

        ConsumerRecord<String, String> grantedRecord = single(EventTypes.ENTITLEMENT_GRANTED);
        EventEnvelope granted = EventEnvelope.parse(grantedRecord.value());
        assertEquals("/entitlement-service", granted.source());
        assertEquals(userId, granted.subject());
        EntitlementChanged grant = granted.dataAs(EntitlementChanged.class);
        assertEquals(purchase.id(), grant.causeEventId());
        assertEquals(userId, grant.userId());
        assertEquals("episode", grant.kind());
        assertEquals(episodeId, grant.episodeId());
        assertEquals(unlockId, grant.source());
        assertNotNull(grant.entitlementId());

        EventEnvelope refund = TestKafka.payment(EventTypes.PURCHASE_REFUNDED, userId,
                new PurchaseRefunded("ref-" + UUID.randomUUID(), userId, unlockId, "episode-unlock", "test", Instant.now()));

        EventEnvelope revoked = EventEnvelope.parse(single(EventTypes.ENTITLEMENT_REVOKED).value());
        EntitlementChanged revocation = revoked.dataAs(EntitlementChanged.class);
        assertEquals(refund.id(), revocation.causeEventId());
        assertEquals(grant.entitlementId(), revocation.entitlementId());
        assertEquals(unlockId, revocation.source());
        assertNotNull(revocation.validUntil(), "a revoked event says when access ended");
    }

    @Test
    void aDuplicatedPurchaseIsAnnouncedOnce() {
        EventEnvelope purchase = TestKafka.payment(EventTypes.EPISODE_PURCHASED, userId,
                new EpisodePurchased(unlockId, userId, episodeId, "it-events-series", 80, Instant.now()));
        TestKafka.send(Topics.PAYMENT_EVENTS, userId, purchase.toJson());
        // a later event for the same user marks the point by which the duplicate was certainly handled
        String marker = "unl-marker-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, userId,
                new EpisodePurchased(marker, userId, episodeId + "-marker", "it-events-series", 80, Instant.now()));

        // the marker's grant follows any grant for the duplicate in the outbox: once it is out, so is everything before
        List<ConsumerRecord<String, String>> markerGrant = events.await(r -> r.value().contains(marker), 1, PATIENCE);
        assertEquals(1, markerGrant.size(), "the marker purchase was announced");
        List<ConsumerRecord<String, String>> grants = events.await(r -> r.value().contains(EventTypes.ENTITLEMENT_GRANTED)
                        && r.value().contains(purchase.id()) && fromOurOutbox(r), 2, Duration.ofSeconds(2));
        assertEquals(1, grants.size(), "one grant for the purchase, however often its event was delivered");
    }

    @Test
    void eachGrantIsSentOnceAndItsOutboxRowMarkedPublished() {
        List<String> unlocks = List.of(unlockId, "unl-" + UUID.randomUUID(), "unl-" + UUID.randomUUID());
        for (String unlock : unlocks) {
            TestKafka.payment(EventTypes.EPISODE_PURCHASED, userId,
                    new EpisodePurchased(unlock, userId, episodeId + "-" + unlock, "it-events-series", 80, Instant.now()));
        }

        assertEquals(unlocks.size(), events.await(EntitlementEventsIT::fromOurOutbox, unlocks.size(), PATIENCE).size());
        // sent by the consumer once its transaction committed and never again by a relay pass: two ticks later there
        // is still one record per grant, and each row is marked
        List<ConsumerRecord<String, String>> grants = events.await(EntitlementEventsIT::fromOurOutbox, unlocks.size() + 1, Duration.ofMillis(2500));
        for (String unlock : unlocks) {
            assertEquals(1, grants.stream().filter(r -> r.value().contains(unlock)).count(), unlock);
            assertEquals(1, TestDb.count("select count(*) from outbox_event where payload like ?"
                    + " and published_at is not null", "%\"" + unlock + "\"%"), unlock);
        }
    }

    @Test
    void exposesPrometheusMetricsForTheServiceMonitor() {
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("jvm_"));
    }

    /**
     * Another entitlement-service on the shared topics (e.g. the running dev instance, with its own database)
     * announces the same changes from its own outbox: only what this instance's outbox sent counts.
     */
    private static boolean fromOurOutbox(ConsumerRecord<String, String> record) {
        return TestDb.count("select count(*) from outbox_event where id = ?::uuid",
                EventEnvelope.parse(record.value()).id()) == 1;
    }

    private ConsumerRecord<String, String> single(String type) {
        List<ConsumerRecord<String, String>> found = events.await(r -> type.equals(EventEnvelope.parse(r.value()).type()) && fromOurOutbox(r),
                1, PATIENCE);
        assertEquals(1, found.size(), "expected a " + type + " record keyed by " + userId);
        return found.get(0);
    }
}
