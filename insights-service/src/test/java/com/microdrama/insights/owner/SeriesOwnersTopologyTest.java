package com.microdrama.insights.owner;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.events.viewer.Pseudonyms;
import com.microdrama.insights.funnel.FactReader;
import com.microdrama.insights.funnel.FunnelTopology;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The global store of series owners from catalog-events, record by record, in Kafka's TopologyTestDriver. */
class SeriesOwnersTopologyTest {
    private static final String CREATOR = "ad000000-0000-4000-8000-000000000006";
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> catalog;
    private final AtomicInteger invalid = new AtomicInteger();

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "owners-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(FunnelTopology.build("viewing", "payments", "catalog",
                new FactReader(Pseudonyms.withKey(Optional.of("a-test-viewer-pseudonym-key"))), Duration.ofHours(48),
                invalid::incrementAndGet, () -> { }), props);
        catalog = driver.createInputTopic("catalog", new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aSeriesIsOwnedByTheCreatorItsNewestStateNames() {
        series("midnight", CREATOR);
        assertEquals(CREATOR, owners().get("midnight"));
        series("midnight", "another-creator");
        assertEquals("another-creator", owners().get("midnight"), "a transfer takes the series from the first");
    }

    @Test
    void aSeriesThePlatformOwnsOrThatWasDeletedHasNoOwner() {
        series("midnight", CREATOR);
        series("midnight", null);
        assertNull(owners().get("midnight"), "taken back by the platform");
        series("dawn", CREATOR);
        catalog.pipeInput("dawn", null, AT);
        assertNull(owners().get("dawn"), "a tombstone deletes the series");
    }

    @Test
    void aDeadLetterKeepsTheLastValidOwnerAndIsCountedWhileEpisodesAndUnknownTypesAreIgnored() {
        series("midnight", CREATOR);
        // a record whose key is not the series it describes breaks a rule of CatalogEventReader: a dead letter
        catalog.pipeInput("someone-elses-key", seriesUpdated("midnight", "thief"), AT);
        catalog.pipeInput("midnight", "not an event", AT);
        assertEquals(CREATOR, owners().get("midnight"));
        assertEquals(2, invalid.get());

        catalog.pipeInput("midnight-ep-01", EventEnvelope.of("/catalog-service", EventTypes.EPISODE_UPDATED,
                "midnight-ep-01", AT, new EpisodeUpdated("midnight-ep-01", "midnight", 1, true, 0, true))
                .toJson(), AT);
        catalog.pipeInput("midnight", EventEnvelope.of("/catalog-service", "com.microdrama.catalog.series-renamed.v1",
                "midnight", AT, Map.of("seriesId", "midnight")).toJson(), AT);
        assertEquals(CREATOR, owners().get("midnight"));
        assertNull(owners().get("midnight-ep-01"));
        assertEquals(2, invalid.get(), "neither an episode nor a type not known yet is invalid");
    }

    private void series(String seriesId, String creatorId) {
        catalog.pipeInput(seriesId, seriesUpdated(seriesId, creatorId), AT);
    }

    private static String seriesUpdated(String seriesId, String creatorId) {
        return EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, seriesId, AT,
                new SeriesUpdated(seriesId, 10, 2, 300, true, Map.of(), List.of(), "13+", null, creatorId)).toJson();
    }

    private KeyValueStore<String, String> owners() {
        return driver.getKeyValueStore(FunnelTopology.SERIES_OWNERS);
    }
}
