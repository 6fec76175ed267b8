package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.testsupport.PrivatePostgres;
import com.microdrama.testsupport.TestDatabase;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A database outage longer than the old retry budget (8 attempts, about 20 s) pauses consumption instead of
 * dead-lettering valid events (decision 0024): every event that arrived while PostgreSQL was down is applied exactly
 * once after it came back, and none of them reaches the dead-letter topic. The service runs on a PostgreSQL server of
 * the test's own ({@link OutageDatabase}), which the test stops.
 */
@QuarkusTest
@WithTestResource(value = OutageDatabase.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class DatabaseOutageIT {
    /** Longer than the old budget, and than one more record's budget behind it. */
    private static final Duration OUTAGE = Duration.ofSeconds(40);

    private final PrivatePostgres server = PrivatePostgres.at(OutageDatabase.DATA_DIR);

    @Test
    void eventsArrivingDuringADatabaseOutageAreAppliedOnceWhenItReturnsAndNoneIsDeadLettered() throws Exception {
        TestDatabase db = new TestDatabase(server.jdbcUrl(OutageDatabase.DATABASE), OutageDatabase.USER,
                OutageDatabase.PASSWORD);
        String marker = UUID.randomUUID().toString();
        String user = "it-outage-" + marker;
        try (TopicReader deadLetters = TopicReader.atEndOf(Topics.ENTITLEMENT_DLQ)) {
            String before = purchase(user, marker, 0);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.count("select count(*) from entitlement where source = ?", before) == 1);

            server.stop();
            List<String> during = new ArrayList<>();
            long outageEnds = System.nanoTime() + OUTAGE.toNanos();
            for (int i = 1; i <= 3; i++) {
                during.add(purchase(user, marker, i));
            }
            TimeUnit.NANOSECONDS.sleep(outageEnds - System.nanoTime() - Duration.ofSeconds(5).toNanos());
            // the outage shows in readiness only; the consumer channels stay alive (no restart, no rebalance)
            given().when().get("/q/health/live").then().statusCode(200);
            given().when().get("/q/health/ready").then().statusCode(503);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, outageEnds - System.nanoTime()));
            server.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
                    "select count(*) from entitlement where user_id = ?", user) == 4);
            for (String unlock : during) {
                assertEquals(1, db.count("select count(*) from entitlement where source = ?", unlock), unlock);
            }
            assertEquals(4, db.count("select count(*) from processed_event where event_id like ?", "evt-outage-" + marker + "-%"));
            // the outbox relay came back too: the grants' events were all sent
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.count("select count(*) from outbox_event where published_at is null") == 0);

            List<ConsumerRecord<String, String>> dead = deadLetters.collect(
                    r -> r.value() != null && r.value().contains(marker), Duration.ofSeconds(3));
            assertEquals(List.of(), dead.stream().map(ConsumerRecord::value).toList(), "nothing dead-lettered");
        }
    }

    private static String purchase(String user, String marker, int n) {
        String unlock = "unl-outage-" + marker + "-" + n;
        EventEnvelope event = EventEnvelope.of("evt-outage-" + marker + "-" + n, "/payment-service",
                EventTypes.EPISODE_PURCHASED, user, Instant.now(), new EpisodePurchased(unlock, user,
                        "it-outage-episode-" + n + "-" + marker, "it-outage-series", 80, Instant.now()));
        TestKafka.send(Topics.PAYMENT_EVENTS, user, event.toJson());
        return unlock;
    }
}
