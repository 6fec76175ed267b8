package com.microdrama.catalog.events;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.testsupport.Platform;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a start publishes, on the real database and topic. The test database is cleaned at start, so this JVM's
 * start was a first start: it filled the topic and recorded that. A later start is simulated by running the
 * start's decision ({@link CatalogPublication#prepare()}) again.
 */
@QuarkusTest
class StartupPublicationIT {
    private static final String SEED_SERIES = "midnight-contract";

    @Inject
    CatalogPublication publication;

    @Inject
    Pool database;

    @Test
    void aFirstStartRecordsWhichTopicItFilledInWhichFormat() throws Exception {
        Row recorded = awaitRecord();

        assertEquals(CatalogEvents.FORMAT, recorded.getInteger("event_format"));
        assertEquals(realTopicId(), recorded.getString("topic_id"));
    }

    @Test
    void aLaterStartOnTheSameTopicPublishesNothingAgain() throws Throwable {
        Row before = awaitRecord();
        long sequenceBefore = markerSequence();

        Optional<String> reason = VertxContextSupport.subscribeAndAwait(() -> publication.prepare());

        assertEquals(Optional.empty(), reason);
        assertEquals(sequenceBefore, markerSequence(), "no row may have been marked");
        assertEquals(before.getOffsetDateTime("marked_at"), awaitRecord().getOffsetDateTime("marked_at"));
    }

    @Test
    void aStartThatFindsAnotherTopicFillsItAgain() throws Throwable {
        awaitRecord();
        execute("update catalog_publication set topic_id = 'an-older-topic'");
        try (TopicReader topic = TopicReader.atEndOf(Topics.CATALOG_EVENTS, key -> key.equals(SEED_SERIES))) {
            Optional<String> reason = VertxContextSupport.subscribeAndAwait(() -> publication.prepare());

            assertTrue(reason.orElseThrow().contains("an-older-topic"), reason.toString());
            Map<String, EventEnvelope> latest = topic.awaitLatest(EventEnvelope::parse,
                    events -> events.containsKey(SEED_SERIES));
            assertEquals(new SeriesUpdated(SEED_SERIES, 12, 3, 450, true, Map.of(),
                            CatalogEventsPublishedIT.FLAGSHIP_REGIONS, "13+", null,
                            CatalogEventsPublishedIT.FLAGSHIP_CREATOR),
                    latest.get(SEED_SERIES).dataAs(SeriesUpdated.class));
        }
        assertEquals(realTopicId(), awaitRecord().getString("topic_id"));
    }

    @Test
    void aStartOfANewerEventFormatRepublishesEverything() throws Throwable {
        awaitRecord();
        execute("update catalog_publication set event_format = " + (CatalogEvents.FORMAT - 1));
        try (TopicReader topic = TopicReader.atEndOf(Topics.CATALOG_EVENTS, key -> key.startsWith(SEED_SERIES))) {
            Optional<String> reason = VertxContextSupport.subscribeAndAwait(() -> publication.prepare());

            assertTrue(reason.isPresent());
            // every episode and the series, not only what changed (nothing did)
            Map<String, EventEnvelope> latest = topic.awaitLatest(EventEnvelope::parse, events -> events.size() == 13);
            assertEquals(13, latest.size(), "found " + latest.keySet());
        }
        assertEquals(CatalogEvents.FORMAT, awaitRecord().getInteger("event_format"));
    }

    /** The record of the full publication, once the start (which runs in the background) has written it. */
    private Row awaitRecord() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            var rows = database.query("select event_format, topic_id, marked_at from catalog_publication")
                    .execute().await().atMost(Duration.ofSeconds(5));
            if (rows.size() == 1) {
                return rows.iterator().next();
            }
            assertTrue(System.nanoTime() < deadline, "the start never recorded its full publication");
            sleep();
        }
    }

    private long markerSequence() {
        return database.query("select last_value from catalog_change_seq").execute()
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private void execute(String sql) {
        database.preparedQuery(sql).execute(Tuple.tuple()).await().atMost(Duration.ofSeconds(5));
    }

    private static String realTopicId() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Platform.kafkaBootstrapServers()))) {
            return admin.describeTopics(List.of(Topics.CATALOG_EVENTS)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.CATALOG_EVENTS).topicId().toString();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
