package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.microdrama.testsupport.TopicReader.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class DeadLetterIT {
    // opened before the test acts: only dead letters written after these end offsets are read
    private final TopicReader deadLetters = TopicReader.atEndOf(Topics.ENTITLEMENT_DLQ);

    @AfterEach
    void closeReader() {
        deadLetters.close();
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithAReasonAndLaterEventsStillApply() {
        String marker = UUID.randomUUID().toString();
        String notJson = "this is not json " + marker;
        String missingId = "{\"specversion\":\"1.0\",\"source\":\"/payment-service\",\"type\":\""
                + EventTypes.EPISODE_PURCHASED + "\",\"subject\":\"" + marker + "\",\"time\":\"2026-11-24T10:00:00Z\","
                + "\"data\":{}}";
        String unknownType = EventEnvelope.of("/payment-service", "com.microdrama.payment.mystery.v1", Alice.ID,
                Map.of("marker", marker)).toJson();

        // Same key as the valid event that follows: same partition, so only skipping the poison lets it through.
        TestKafka.send(Topics.PAYMENT_EVENTS, Alice.ID, notJson);
        TestKafka.send(Topics.PAYMENT_EVENTS, Alice.ID, missingId);
        TestKafka.send(Topics.PAYMENT_EVENTS, Alice.ID, unknownType);
        String unlockId = "unl-" + UUID.randomUUID();
        TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                new EpisodePurchased(unlockId, Alice.ID, "it-dlq-episode-" + marker, "it-dlq-series", 80, Instant.now()));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestDb.count("select count(*) from entitlement where source = ?", unlockId) == 1);

        List<ConsumerRecord<String, String>> dead = deadLettersOf(marker, 3);
        // Another consumer group on the same topic (a running demo, a benchmark) dead-letters the same records too:
        // count source records, not dead letters.
        assertEquals(3, sourceRecords(dead), "all three poison records are dead-lettered");
        for (ConsumerRecord<String, String> r : dead) {
            assertEquals(Alice.ID, r.key(), "the dead letter keeps the source record's key");
            String reason = header(r, "dead-letter-reason");
            assertNotNull(reason, "reason header on " + r.value());
            assertFalse(reason.isBlank());
            assertEquals(Topics.PAYMENT_EVENTS, header(r, "dead-letter-topic"));
        }
        assertTrue(dead.stream().anyMatch(r -> header(r, "dead-letter-reason").contains("unknown event type")));
        assertTrue(dead.stream().anyMatch(r -> header(r, "dead-letter-reason").contains("'id' is missing")));
    }

    @Test
    void poisonOnTheCatalogTopicIsDeadLetteredToo() {
        String marker = UUID.randomUUID().toString();
        String key = "it-poison-" + marker;
        TestKafka.send(Topics.CATALOG_EVENTS, key, "{broken " + marker);
        String episodeId = "it-after-poison-" + marker;
        TestKafka.episode(episodeId, "it-after-poison-series", 1, true);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestDb.count("select count(*) from catalog_episode where episode_id = ?", episodeId) == 1);
        List<ConsumerRecord<String, String>> dead = deadLettersOf(marker, 1);
        assertEquals(1, sourceRecords(dead));
        assertEquals(Topics.CATALOG_EVENTS, header(dead.get(0), "dead-letter-topic"));
        assertNotNull(header(dead.get(0), "dead-letter-reason"));
    }

    @Test
    void anEventWhoseStatementsFailIsRetriedLeavingNothingBehindAndAppliesOnceTheFailurePasses() throws Exception {
        String marker = UUID.randomUUID().toString();
        String user = "it-rollback-" + marker;
        String failingId = "evt-rollback-" + marker;
        // A valid event whose inbox claim PostgreSQL refuses in this database only, until the trigger is dropped: the
        // live services of other test runs and every rebuild that replays the topic apply it like any other.
        String trigger = "it_rollback_" + marker.replace("-", "");
        TestDb.execute("create function " + trigger + "() returns trigger language plpgsql as "
                + "'begin raise exception ''refused by " + trigger + "''; end'");
        TestDb.execute("create trigger " + trigger + " before insert on processed_event for each row"
                + " when (new.event_id = '" + failingId + "') execute function " + trigger + "()");
        String laterUnlock = "unl-later-" + marker;
        try {
            EventEnvelope event = EventEnvelope.of(failingId, "/payment-service", EventTypes.EPISODE_PURCHASED, user,
                    Instant.now(), new EpisodePurchased("unl-" + marker, user, "it-rollback-episode",
                            "it-rollback-series", 80, Instant.now()));
            TestKafka.send(Topics.PAYMENT_EVENTS, user, event.toJson());
            TestKafka.payment(EventTypes.EPISODE_PURCHASED, user, new EpisodePurchased(laterUnlock, user,
                    "it-rollback-episode-2", "it-rollback-series", 80, Instant.now()));

            // a failure that is not an invalid event is retried (decision 0024): the partition waits behind it
            TimeUnit.SECONDS.sleep(8);
            assertEquals(0, TestDb.count("select count(*) from entitlement where source in (?, ?)", "unl-" + marker,
                    laterUnlock));
            assertEquals(0, TestDb.count("select count(*) from processed_event where event_id = ?", failingId));
            // every failed attempt handed its connection back rolled back, not inside an aborted transaction
            assertEquals(0, TestDb.count("select count(*) from pg_stat_activity where datname = current_database()"
                    + " and state = 'idle in transaction (aborted)'"));
        } finally {
            TestDb.execute("drop trigger if exists " + trigger + " on processed_event");
            TestDb.execute("drop function if exists " + trigger + "()");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count(
                "select count(*) from entitlement where source in (?, ?)", "unl-" + marker, laterUnlock) == 2);
        assertEquals(1, TestDb.count("select count(*) from processed_event where event_id = ?", failingId));
        assertEquals(0, sourceRecords(deadLetters.collect(r -> r.value() != null && r.value().contains(marker),
                Duration.ofSeconds(2))), "nothing dead-lettered");
    }

    /** Dead letters carrying the marker, read until {@code sources} distinct source records showed up (or 20 s). */
    private List<ConsumerRecord<String, String>> deadLettersOf(String marker, int sources) {
        return deadLettersOf(marker, sources, Duration.ofSeconds(20));
    }

    private List<ConsumerRecord<String, String>> deadLettersOf(String marker, int sources, Duration patience) {
        return deadLetters.awaitUntil(r -> r.value() != null && r.value().contains(marker),
                found -> sourceRecords(found) >= sources, patience);
    }

    private static long sourceRecords(List<ConsumerRecord<String, String>> dead) {
        return dead.stream()
                .map(r -> header(r, "dead-letter-topic") + "/" + header(r, "dead-letter-partition") + "/"
                        + header(r, "dead-letter-offset"))
                .distinct()
                .count();
    }
}
