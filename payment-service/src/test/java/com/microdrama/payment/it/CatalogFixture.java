package com.microdrama.payment.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.testsupport.Platform;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/**
 * Catalog data for tests, produced as real catalog-service events to catalog-events (ids unique per run), then
 * awaited in the projection: proves the consumer on every use.
 */
final class CatalogFixture {
    final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);

    String seriesId(String name) {
        return prefix + "-series-" + name;
    }

    String episodeId(String name) {
        return prefix + "-ep-" + name;
    }

    void series(String seriesId, int bundlePriceCoins, boolean published) {
        series(seriesId, bundlePriceCoins, published, Map.of());
    }

    /** A series with regional price tiers (region → percent of every coin price of the series). */
    void series(String seriesId, int bundlePriceCoins, boolean published, Map<String, Integer> regionalPricePercent) {
        send(seriesId, EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, seriesId,
                new SeriesUpdated(seriesId, 10, 3, bundlePriceCoins, published, regionalPricePercent)));
    }

    /** Waits until the projection holds exactly {@code tiers} regional tiers for the series, one of them region=percent. */
    void awaitTier(String seriesId, String region, int percent, int tiers) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> TestDb.count(
                "select count(*) from catalog_series_price_tier where series_id = ?", seriesId) == tiers
                && TestDb.count("select count(*) from catalog_series_price_tier where series_id = ? and region = ? and percent = ?",
                seriesId, region, percent) == 1);
    }

    void awaitNoTiers(String seriesId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> TestDb.count(
                "select count(*) from catalog_series_price_tier where series_id = ?", seriesId) == 0);
    }

    void episode(String episodeId, String seriesId, int number, boolean free, int priceCoins, boolean published) {
        send(episodeId, episodeEvent(episodeId, seriesId, number, free, priceCoins, published));
    }

    /** The same, with the {@code traceparent} header catalog-service's relay puts on a traced change (decision 0025). */
    void episode(String episodeId, String seriesId, int number, boolean free, int priceCoins, boolean published,
                 String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CATALOG_EVENTS, episodeId,
                episodeEvent(episodeId, seriesId, number, free, priceCoins, published).toJson());
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    private static EventEnvelope episodeEvent(String episodeId, String seriesId, int number, boolean free,
                                              int priceCoins, boolean published) {
        return EventEnvelope.of("/catalog-service", EventTypes.EPISODE_UPDATED, episodeId,
                new EpisodeUpdated(episodeId, seriesId, number, free, priceCoins, published));
    }

    /** {@code count} published paid episodes numbered from {@code firstNumber}, each at {@code priceCoins}, awaited. */
    void paidEpisodes(String seriesId, int firstNumber, int count, int priceCoins) {
        for (int n = firstNumber; n < firstNumber + count; n++) {
            episode(seriesId + "-ep-" + n, seriesId, n, false, priceCoins, true);
        }
        for (int n = firstNumber; n < firstNumber + count; n++) {
            awaitEpisode(seriesId + "-ep-" + n, priceCoins, true);
        }
    }

    /** A series with licence regions (empty = everywhere) and an age rating label (null = an older event). */
    void series(String seriesId, int bundlePriceCoins, List<String> regions, String ageRating) {
        send(seriesId, EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, seriesId,
                new SeriesUpdated(seriesId, 10, 3, bundlePriceCoins, true, Map.of(), regions, ageRating)));
    }

    /**
     * A published series of {@code episodeCount} episodes with a paywall experiment running on it (null: none runs,
     * which ends a running one), as catalog-service sends it (docs/decisions/0036-paywall-experiments.md).
     */
    void series(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins,
                Map<String, Integer> regionalPricePercent, PaywallExperiment experiment) {
        send(seriesId, EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, seriesId,
                new SeriesUpdated(seriesId, episodeCount, freeEpisodes, bundlePriceCoins, true, regionalPricePercent,
                        List.of(), "all", experiment)));
    }

    /** Waits until the projection holds the series with the experiment {@code experimentId} running (null: none). */
    void awaitExperiment(String seriesId, String experimentId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> experimentId == null
                ? TestDb.count("select count(*) from catalog_series where series_id = ? and experiment is null", seriesId) == 1
                : TestDb.count("select count(*) from catalog_series where series_id = ? and experiment like ?",
                        seriesId, "%\"experimentId\":\"" + experimentId + "\"%") == 1);
    }

    void awaitEpisode(String episodeId, int priceCoins, boolean published) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> TestDb.count(
                "select count(*) from catalog_episode where episode_id = ? and price_coins = ? and published = ?",
                episodeId, priceCoins, published) == 1);
    }

    void awaitSeries(String seriesId, int bundlePriceCoins) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> TestDb.count(
                "select count(*) from catalog_series where series_id = ? and bundle_price_coins = ?",
                seriesId, bundlePriceCoins) == 1);
    }

    /** A tombstone (null value): catalog-events' deletion of {@code key}. */
    void tombstone(String key) {
        send(key, (String) null);
    }

    private static void send(String key, EventEnvelope event) {
        send(key, event.toJson());
    }

    /** Any record value, as another producer (or a broken one) might write it. */
    static void send(String key, String value) {
        send(new ProducerRecord<>(Topics.CATALOG_EVENTS, key, value));
    }

    static void send(ProducerRecord<String, String> record) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"))) {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not produce to " + Topics.CATALOG_EVENTS, e);
        }
    }
}
