package com.microdrama.insights.experiment;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.viewer.Pseudonyms;
import com.microdrama.insights.funnel.FactReader;
import com.microdrama.insights.funnel.FunnelTopology;
import com.microdrama.insights.funnel.StoreKeys;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The experiments' counting rules (docs/decisions/0036-paywall-experiments.md), record by record in Kafka's
 * TopologyTestDriver: per arm first times, net coins and the sum of squares of each viewer's net coins.
 */
class ExperimentTopologyTest {
    private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey(Optional.of("a-test-viewer-pseudonym-key"));
    private static final String SERIES = "midnight";
    private static final String EXPERIMENT = "exp-1";
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> viewing;
    private TestInputTopic<String, String> payments;
    private final AtomicInteger late = new AtomicInteger();
    private int sequence;
    private int seconds;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "experiment-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(FunnelTopology.build("viewing", "payments", "catalog",
                new FactReader(PSEUDONYMS), Duration.ofHours(48), () -> { }, late::incrementAndGet), props);
        viewing = driver.createInputTopic("viewing", new StringSerializer(), new StringSerializer());
        payments = driver.createInputTopic("payments", new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void twoArmsCountDistinctViewersPayersAndNetCoinsWithTheirSumOfSquares() {
        // A: alice pays 60 twice (one unlock sent twice by the outbox), bob only meets the paywall
        play("alice", "A");
        paywall("alice", "A");
        episodeUnlock("u1", "alice", "A", 60);
        episodeUnlock("u1", "alice", "A", 60);
        episodeUnlock("u2", "alice", "A", 60);
        play("bob", "A");
        paywall("bob", "A");
        paywall("bob", "A");
        // B: carol buys the series and is refunded (still a payer, net 0), dave keeps 50 of 100, frank buys unseen
        play("carol", "B");
        paywall("carol", "B");
        seriesUnlock("s1", "carol", "B", 300);
        refund("r1", "carol", "s1", "series-unlock");
        play("dave", "B");
        paywall("dave", "B");
        episodeUnlock("u3", "dave", "B", 50);
        episodeUnlock("u4", "dave", "B", 50);
        refund("r2", "dave", "u4", "episode-unlock");
        refund("r2", "dave", "u4", "episode-unlock");
        play("dave", "B");
        episodeUnlock("u5", "frank", "B", 40);
        // not in the experiment: counted by the funnel only
        play("erin", null);
        episodeUnlock("u6", "erin", null, 60);

        ArmCounts a = arm(EXPERIMENT, "A");
        assertEquals(2, a.viewers);
        assertEquals(2, a.paywallViewers);
        assertEquals(1, a.payers);
        assertEquals(120, a.coinsSpent);
        assertEquals(120 * 120, a.coinsSquared, "alice 120² + bob 0²");
        ArmCounts b = arm(EXPERIMENT, "B");
        assertEquals(3, b.viewers, "carol, dave and frank, who bought without being seen");
        assertEquals(2, b.paywallViewers);
        assertEquals(3, b.payers, "a refund does not take a payer back");
        assertEquals(90, b.coinsSpent, "carol 0, dave 50, frank 40");
        assertEquals(50 * 50 + 40 * 40, b.coinsSquared);
        ExperimentViewer dave = experimentViewers()
                .get(StoreKeys.experimentViewer(SERIES, EXPERIMENT, pseudonym("dave")));
        assertEquals(50, dave.coins);
        assertNull(experimentViewers().get(StoreKeys.experimentViewer(SERIES, EXPERIMENT, pseudonym("erin"))));
    }

    @Test
    void aViewerStaysInTheArmOfTheirFirstFactAndExperimentsOfASeriesCountApart() {
        play("alice", "A");
        episodeUnlock("u1", "alice", "B", 60); // never happens with one assignment function; counted under A
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PLAYBACK_AUTHORIZED, SERIES, next(),
                new PlaybackAuthorized(pseudonym("alice"), SERIES, SERIES + "-ep-01", 1, PlaybackAuthorized.FREE, "US",
                        "en", next(), "exp-2", "B")).toJson(), next());

        assertEquals(1, arm(EXPERIMENT, "A").payers);
        assertEquals(60, arm(EXPERIMENT, "A").coinsSpent);
        assertEquals(0, arm(EXPERIMENT, "B").viewers);
        assertEquals(1, arm("exp-2", "B").viewers);
        assertEquals(0, arm("exp-2", "B").payers);
    }

    @Test
    void aLateFactStillCountsForItsExperimentWhichHasNoDays() {
        play("alice", "A");
        seconds += 4 * 24 * 3600; // stream time four days on
        play("bob", "A");
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PAYWALL_SHOWN, SERIES, T,
                new PaywallShown(pseudonym("carol"), SERIES, SERIES + "-ep-05", 5, 60, 300, "US", "en", T,
                        EXPERIMENT, "A")).toJson(), T);

        assertEquals(1, late.get(), "the funnel dropped it");
        assertEquals(3, arm(EXPERIMENT, "A").viewers);
        assertEquals(1, arm(EXPERIMENT, "A").paywallViewers);
    }

    @Test
    void armAndExperimentNamesWithTheKeySeparatorStayApart() {
        play("alice", "x|y");
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PLAYBACK_AUTHORIZED, SERIES, next(),
                new PlaybackAuthorized(pseudonym("bob"), SERIES, SERIES + "-ep-01", 1, PlaybackAuthorized.FREE, "US",
                        "en", next(), EXPERIMENT + "|x", "y")).toJson(), next());

        assertEquals(1, arm(EXPERIMENT, "x|y").viewers);
        assertEquals(1, arm(EXPERIMENT + "|x", "y").viewers);
        String key = StoreKeys.arm(SERIES, EXPERIMENT, "x|y");
        assertEquals("x|y", StoreKeys.unpart(StoreKeys.parts(key)[2]));
        assertEquals(3, StoreKeys.parts(key).length);
    }

    // --- facts as the producers write them, each a second after the last ---

    private Instant next() {
        return T.plusSeconds(seconds++);
    }

    private void play(String user, String variant) {
        Instant at = next();
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PLAYBACK_AUTHORIZED, SERIES, at,
                new PlaybackAuthorized(pseudonym(user), SERIES, SERIES + "-ep-01", 1, PlaybackAuthorized.FREE, "US",
                        "en", at, variant == null ? null : EXPERIMENT, variant)).toJson(), at);
    }

    private void paywall(String user, String variant) {
        Instant at = next();
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PAYWALL_SHOWN, SERIES, at,
                new PaywallShown(pseudonym(user), SERIES, SERIES + "-ep-05", 5, 60, 300, "US", "en", at,
                        EXPERIMENT, variant)).toJson(), at);
    }

    private void episodeUnlock(String unlockId, String user, String variant, int coins) {
        Instant at = next();
        payments.pipeInput(user, EventEnvelope.of("event-" + unlockId, "/payment-service", EventTypes.EPISODE_PURCHASED,
                user, at, new EpisodePurchased(unlockId, user, SERIES + "-ep-05", SERIES, coins, at,
                        variant == null ? null : EXPERIMENT, variant)).toJson(), at);
    }

    private void seriesUnlock(String unlockId, String user, String variant, int coins) {
        Instant at = next();
        payments.pipeInput(user, EventEnvelope.of("event-" + unlockId, "/payment-service", EventTypes.SERIES_PURCHASED,
                user, at, new SeriesPurchased(unlockId, user, SERIES, coins, at, EXPERIMENT, variant)).toJson(), at);
    }

    private void refund(String refundId, String user, String unlockId, String kind) {
        Instant at = next();
        payments.pipeInput(user, EventEnvelope.of("event-" + refundId + "-" + sequence++, "/payment-service",
                EventTypes.PURCHASE_REFUNDED, user, at,
                new PurchaseRefunded(refundId, user, unlockId, kind, "requested_by_customer", at)).toJson(), at);
    }

    private static String pseudonym(String user) {
        return PSEUDONYMS.of(user).orElseThrow();
    }

    private ArmCounts arm(String experimentId, String variant) {
        KeyValueStore<String, ArmCounts> store = driver.getKeyValueStore(FunnelTopology.EXPERIMENTS);
        ArmCounts counts = store.get(StoreKeys.arm(SERIES, experimentId, variant));
        return counts == null ? new ArmCounts() : counts;
    }

    private KeyValueStore<String, ExperimentViewer> experimentViewers() {
        return driver.getKeyValueStore(FunnelTopology.EXPERIMENT_VIEWERS);
    }
}
