package com.microdrama.insights.funnel;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.CoinsPurchased;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.Money;
import com.microdrama.events.payload.PaywallShown;
import com.microdrama.events.payload.PlaybackAuthorized;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.viewer.Pseudonyms;
import com.microdrama.insights.revenue.RevenueCounts;
import com.microdrama.insights.revenue.RevenueFacts;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The funnel's and the revenue's counting rules, record by record, in Kafka's TopologyTestDriver (no broker). */
class FunnelTopologyTest {
    private static final String KEY = "a-test-viewer-pseudonym-key";
    private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey(Optional.of(KEY));
    private static final String SERIES = "midnight";
    private static final Instant DAY1 = Instant.parse("2026-12-01T10:00:00Z");
    private static final LocalDate D1 = LocalDate.parse("2026-12-01");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> viewing;
    private TestInputTopic<String, String> payments;
    private final AtomicInteger invalid = new AtomicInteger();
    private final AtomicInteger late = new AtomicInteger();
    private int sequence;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "funnel-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(FunnelTopology.build("viewing", "payments", "catalog",
                new FactReader(PSEUDONYMS), Duration.ofHours(48), invalid::incrementAndGet, late::incrementAndGet),
                props);
        viewing = driver.createInputTopic("viewing", new StringSerializer(), new StringSerializer());
        payments = driver.createInputTopic("payments", new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aViewerWhoMetThePaywallAndUnlockedIsOnePayerAfterThePaywallAndARepeatedEventCountsOnce() {
        play("alice", 1, DAY1, "BR", "pt");
        play("alice", 2, DAY1.plusSeconds(60), "BR", "pt");
        paywall("alice", 3, DAY1.plusSeconds(120), "BR", "pt");
        episodeUnlock("u1", "alice", 3, 60, DAY1.plusSeconds(130));
        episodeUnlock("u1", "alice", 3, 60, DAY1.plusSeconds(130)); // the outbox sends at least once
        play("alice", 3, DAY1.plusSeconds(140), "BR", "pt");
        play("alice", 3, DAY1.plusSeconds(200), "BR", "pt"); // watched again

        FunnelCounts c = funnel(SERIES, D1, "BR", "pt");
        assertEquals(4, c.plays);
        assertEquals(1, c.viewers);
        assertEquals(1, c.paywallViews);
        assertEquals(1, c.paywallViewers);
        assertEquals(1, c.payers);
        assertEquals(1, c.payersAfterPaywall, "the unlock is filed under the viewer's region and language");
        assertEquals(1, c.episodeUnlocks);
        assertEquals(60, c.coinsSpent);
        EpisodeCounts third = episode(SERIES, D1, 3);
        assertEquals(2, third.plays);
        assertEquals(1, third.reached, "reached counts a viewer's first play of the episode only");
        assertEquals(1, third.paywallViews);
        assertEquals(1, third.unlocks, "the unlock learnt episode 3's number from the viewing facts");
    }

    @Test
    void aPayerWhoNeverMetThePaywallIsNotAConversionAndAnUnseenBuyerFallsUnderUnknownRegion() {
        play("bob", 1, DAY1, "US", "en");
        seriesUnlock("s1", "bob", 300, DAY1.plusSeconds(10));
        seriesUnlock("s2", "carol", 300, DAY1.plusSeconds(20)); // never seen playing

        FunnelCounts us = funnel(SERIES, D1, "US", "en");
        assertEquals(1, us.payers);
        assertEquals(0, us.payersAfterPaywall);
        assertEquals(1, us.seriesUnlocks);
        FunnelCounts unknown = funnel(SERIES, D1, StoreKeys.UNKNOWN_REGION, StoreKeys.UNKNOWN_LANGUAGE);
        assertEquals(1, unknown.payers);
        assertEquals(300, unknown.coinsSpent);
        assertEquals(0, unknown.viewers);
    }

    @Test
    void aRefundNamesTheSeriesOfItsUnlockAndCountsOnceWhileCoinPacksAndUnknownUnlocksCountNothing() {
        play("alice", 4, DAY1, "BR", "pt");
        episodeUnlock("u1", "alice", 4, 60, DAY1.plusSeconds(10));
        Instant day2 = DAY1.plus(Duration.ofDays(1));
        refund("r1", "alice", "u1", "episode-unlock", day2);
        refund("r1", "alice", "u1", "episode-unlock", day2);
        refund("r2", "alice", "p1", "coin-pack", day2);
        refund("r3", "alice", "never-sold", "episode-unlock", day2);
        payments.pipeInput("alice", EventEnvelope.of("/payment-service", EventTypes.COINS_PURCHASED, "alice", day2,
                new CoinsPurchased("p1", "alice", "pack", 100, 0, new Money("0.99", "USD"), "stripe",
                        day2)).toJson(), day2);

        FunnelCounts refunded = funnel(SERIES, D1.plusDays(1), "BR", "pt");
        assertEquals(1, refunded.refunds);
        assertEquals(60, refunded.coinsRefunded);
        assertEquals(1, funnel(SERIES, D1, "BR", "pt").episodeUnlocks, "the unlock's day keeps its unlock");
    }

    @Test
    void aRefundWithinTheRefundWindowIsSubtractedWhileOnePastItFindsItsPurchaseForgotten() {
        play("alice", 4, DAY1, "BR", "pt");
        episodeUnlock("kept", "alice", 4, 60, DAY1.plusSeconds(10));
        episodeUnlock("forgotten", "alice", 5, 60, DAY1.plusSeconds(20));
        packPurchase("old-pack", "alice", "0.99", "USD", "stripe", 100, DAY1.plusSeconds(30));
        Instant withinWindow = DAY1.plus(FunnelTopology.DEFAULT_RETENTION).minus(Duration.ofDays(1));
        refund("r-kept", "alice", "kept", "episode-unlock", withinWindow);
        assertEquals(1, funnel(SERIES, LocalDate.ofInstant(withinWindow, ZoneOffset.UTC), "BR", "pt").refunds);

        // two days of stream time later the daily sweep forgets what is older than the window
        Instant pastWindow = DAY1.plus(FunnelTopology.DEFAULT_RETENTION).plus(Duration.ofDays(2));
        packPurchase("new-pack", "bob", "0.99", "USD", "stripe", 100, pastWindow);
        KeyValueStore<String, Fact> unlocks = driver.getKeyValueStore(FunnelTopology.UNLOCKS);
        assertNull(unlocks.get("forgotten"));
        assertNull(driver.<String, Object>getKeyValueStore(RevenueFacts.PACKS).get("old-pack"));
        assertNotNull(driver.<String, Object>getKeyValueStore(RevenueFacts.PACKS).get("new-pack"));

        refund("r-late", "alice", "forgotten", "episode-unlock", pastWindow.plusSeconds(1));
        assertEquals(0, funnel(SERIES, LocalDate.ofInstant(pastWindow, ZoneOffset.UTC), "BR", "pt").refunds,
                "a purchase forgotten after the window has nothing to take back");
    }

    @Test
    void firstPlaysOfEachEpisodeMakeTheDropOffCurve() {
        for (String viewer : new String[] {"v1", "v2", "v3"}) {
            play(viewer, 1, DAY1, "US", "en");
        }
        play("v1", 2, DAY1.plusSeconds(5), "US", "en");
        play("v2", 2, DAY1.plusSeconds(5), "US", "en");
        play("v1", 3, DAY1.plusSeconds(9), "US", "en");
        play("v1", 1, DAY1.plusSeconds(20), "US", "en"); // back to the start

        assertEquals(3, episode(SERIES, D1, 1).reached);
        assertEquals(4, episode(SERIES, D1, 1).plays);
        assertEquals(2, episode(SERIES, D1, 2).reached);
        assertEquals(1, episode(SERIES, D1, 3).reached);
        assertEquals(3, funnel(SERIES, D1, "US", "en").viewers);
    }

    @Test
    void aFactAfterItsDaysGraceIsDroppedAndCountedWhileOneWithinItCountsForItsDay() {
        play("v1", 1, DAY1, "US", "en");
        play("v1", 2, DAY1.plus(Duration.ofDays(4)), "US", "en"); // stream time moves four days on
        play("v2", 1, DAY1.plus(Duration.ofDays(2)).plusSeconds(1), "US", "en"); // day 3: ended within 48 h
        play("v3", 1, DAY1.plusSeconds(30), "US", "en"); // day 1 ended three days ago

        assertEquals(1, late.get());
        assertEquals(1, funnel(SERIES, D1, "US", "en").plays);
        assertEquals(1, funnel(SERIES, D1.plusDays(2), "US", "en").plays);
    }

    @Test
    void aRecordThatIsNotAnEventIsSkippedAndCountedAndTheStreamGoesOn() {
        viewing.pipeInput(SERIES, "{not json", DAY1);
        payments.pipeInput("alice", "{\"specversion\":\"1.0\"}", DAY1);
        payments.pipeInput("alice", EventEnvelope.of("/payment-service", EventTypes.EPISODE_PURCHASED, "alice", DAY1,
                new EpisodePurchased("u9", "alice", episodeId(3), null, 60, DAY1)).toJson(), DAY1); // no series
        play("v1", 1, DAY1, "US", "en");

        assertEquals(3, invalid.get());
        assertEquals(1, funnel(SERIES, D1, "US", "en").plays);
    }

    @Test
    void anAnonymousFreePlayCountsAsAPlayButAsNoViewer() {
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PLAYBACK_AUTHORIZED, SERIES, DAY1,
                new PlaybackAuthorized(null, SERIES, SERIES + "-ep-01", 1, PlaybackAuthorized.FREE, "US", null, DAY1))
                .toJson(), DAY1);

        FunnelCounts c = funnel(SERIES, D1, "US", StoreKeys.UNKNOWN_LANGUAGE);
        assertEquals(1, c.plays);
        assertEquals(0, c.viewers);
        assertEquals(0, episode(SERIES, D1, 1).reached);
        assertNull(driver.<String, ViewerState>getKeyValueStore(FunnelTopology.VIEWERS).get(SERIES + "|null"));
    }

    @Test
    void coinPackMoneyAddsUpPerDayCurrencyAndProviderWithPartialRefundsAndRepeatsCountedOnce() {
        Instant day2 = DAY1.plus(Duration.ofDays(1));
        packPurchase("p1", "alice", "4.99", "USD", "stripe", 550, DAY1);
        packPurchase("p1", "alice", "4.99", "USD", "stripe", 550, DAY1); // the outbox sends at least once
        packPurchase("p2", "bob", "0.99", "USD", "stripe", 100, DAY1);
        packPurchase("p3", "carol", "4.99", "EUR", "app-store", 550, DAY1);
        partialRefund("r1", "alice", "p1", "2.00", "USD", true, day2);
        partialRefund("r1", "alice", "p1", "2.00", "USD", true, day2);
        partialRefund("r2", "alice", "p1", "2.99", "USD", false, day2);
        // written before refunds carried amounts: the whole purchase
        refund("r3", "carol", "p3", "coin-pack", day2);

        RevenueCounts usd = revenue(D1, "USD", "stripe");
        assertEquals(2, usd.purchases);
        assertEquals(new BigDecimal("5.98"), usd.gross);
        assertEquals(650, usd.coinsSold);
        RevenueCounts usdRefunds = revenue(D1.plusDays(1), "USD", "stripe");
        assertEquals(2, usdRefunds.refunds);
        assertEquals(new BigDecimal("4.99"), usdRefunds.refunded);
        assertEquals(new BigDecimal("4.99"), revenue(D1, "EUR", "app-store").gross);
        assertEquals(new BigDecimal("4.99"), revenue(D1.plusDays(1), "EUR", "app-store").refunded);
    }

    // --- facts as the producers write them: viewing facts carry the pseudonym, payment facts the user id ---

    private void play(String user, int episode, Instant at, String region, String language) {
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PLAYBACK_AUTHORIZED, SERIES, at,
                new PlaybackAuthorized(pseudonym(user), SERIES, episodeId(episode), episode,
                        episode <= 2 ? PlaybackAuthorized.FREE : PlaybackAuthorized.ENTITLED, region, language, at))
                .toJson(), at);
    }

    private void paywall(String user, int episode, Instant at, String region, String language) {
        viewing.pipeInput(SERIES, EventEnvelope.of("/catalog-service", EventTypes.PAYWALL_SHOWN, SERIES, at,
                new PaywallShown(pseudonym(user), SERIES, episodeId(episode), episode, 60, 300, region, language, at))
                .toJson(), at);
    }

    private void episodeUnlock(String unlockId, String user, int episode, int coins, Instant at) {
        payments.pipeInput(user, EventEnvelope.of("event-" + unlockId, "/payment-service", EventTypes.EPISODE_PURCHASED,
                user, at, new EpisodePurchased(unlockId, user, episodeId(episode), SERIES, coins, at)).toJson(), at);
    }

    private void seriesUnlock(String unlockId, String user, int coins, Instant at) {
        payments.pipeInput(user, EventEnvelope.of("/payment-service", EventTypes.SERIES_PURCHASED, user, at,
                new SeriesPurchased(unlockId, user, SERIES, coins, at)).toJson(), at);
    }

    private void refund(String refundId, String user, String purchaseId, String kind, Instant at) {
        payments.pipeInput(user, EventEnvelope.of("event-" + refundId + "-" + sequence++, "/payment-service",
                EventTypes.PURCHASE_REFUNDED, user, at,
                new PurchaseRefunded(refundId, user, purchaseId, kind, "requested_by_customer", at)).toJson(), at);
    }

    private void packPurchase(String purchaseId, String user, String amount, String currency, String provider,
                              int coins, Instant at) {
        payments.pipeInput(user, EventEnvelope.of("event-" + purchaseId, "/payment-service", EventTypes.COINS_PURCHASED,
                user, at, new CoinsPurchased(purchaseId, user, "pack", coins, 0, new Money(amount, currency), provider,
                        at)).toJson(), at);
    }

    private void partialRefund(String refundId, String user, String purchaseId, String amount, String currency,
                               boolean partial, Instant at) {
        payments.pipeInput(user, EventEnvelope.of("event-" + refundId, "/payment-service",
                EventTypes.PURCHASE_REFUNDED, user, at, new PurchaseRefunded(refundId, user, purchaseId, "coin-pack",
                        "requested_by_customer", at, new Money(amount, currency), null, null, partial)).toJson(), at);
    }

    private RevenueCounts revenue(LocalDate day, String currency, String provider) {
        KeyValueStore<String, ValueAndTimestamp<RevenueCounts>> store =
                driver.getTimestampedKeyValueStore(FunnelTopology.REVENUE);
        var row = store.get(day + "|" + currency + "|" + provider);
        return row == null ? new RevenueCounts() : row.value();
    }

    private static String pseudonym(String user) {
        return PSEUDONYMS.of(user).orElseThrow();
    }

    private static String episodeId(int number) {
        return "%s-ep-%02d".formatted(SERIES, number);
    }

    private FunnelCounts funnel(String series, LocalDate day, String region, String language) {
        KeyValueStore<String, FunnelCounts> store = driver.getKeyValueStore(FunnelTopology.FUNNEL);
        FunnelCounts counts = store.get(StoreKeys.funnel(series, day, region, language));
        return counts == null ? new FunnelCounts() : counts;
    }

    private EpisodeCounts episode(String series, LocalDate day, int number) {
        KeyValueStore<String, EpisodeCounts> store = driver.getKeyValueStore(FunnelTopology.EPISODES);
        EpisodeCounts counts = store.get(StoreKeys.episode(series, day, number));
        return counts == null ? new EpisodeCounts() : counts;
    }
}
