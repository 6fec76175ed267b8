package com.microdrama.entitlement.it;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.testsupport.Platform;
import com.microdrama.testsupport.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Produces real CloudEvents records to the shared topics (test-support's TopicReader reads them). */
final class TestKafka {
    private static final KafkaProducer<String, String> PRODUCER = producer();

    private TestKafka() {
    }

    static EventEnvelope payment(String type, String userId, Object data) {
        EventEnvelope event = EventEnvelope.of("/payment-service", type, userId, data);
        send(Topics.PAYMENT_EVENTS, userId, event.toJson());
        return event;
    }

    static void series(String seriesId, int episodeCount, int freeEpisodes) {
        EventEnvelope event = EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, seriesId,
                new SeriesUpdated(seriesId, episodeCount, freeEpisodes, 900, true));
        send(Topics.CATALOG_EVENTS, seriesId, event.toJson());
    }

    /** A published series with a paywall experiment running on it (null: none runs, or it stopped). */
    static void series(String seriesId, int episodeCount, int freeEpisodes, PaywallExperiment experiment) {
        EventEnvelope event = EventEnvelope.of("/catalog-service", EventTypes.SERIES_UPDATED, seriesId,
                new SeriesUpdated(seriesId, episodeCount, freeEpisodes, 900, true, Map.of(), List.of(), null, experiment));
        send(Topics.CATALOG_EVENTS, seriesId, event.toJson());
    }

    static void episode(String episodeId, String seriesId, int number, boolean free) {
        EventEnvelope event = EventEnvelope.of("/catalog-service", EventTypes.EPISODE_UPDATED, episodeId,
                new EpisodeUpdated(episodeId, seriesId, number, free, free ? 0 : 80, true));
        send(Topics.CATALOG_EVENTS, episodeId, event.toJson());
    }

    /**
     * A published series of {@code episodeIds} (numbered in order, the first one free); returns once
     * entitlement-service projected all of it.
     */
    static void freeFirstSeries(String seriesId, String... episodeIds) {
        series(seriesId, episodeIds.length, 1);
        for (int i = 0; i < episodeIds.length; i++) {
            episode(episodeIds[i], seriesId, i + 1, i == 0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("select count(*) from catalog_episode where series_id = ?", seriesId) == episodeIds.length
                        && TestDb.count("select count(*) from catalog_series where series_id = ?", seriesId) == 1);
    }

    static void send(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** A payment event with the {@code traceparent} header payment-service's relay puts on it (decision 0025). */
    static EventEnvelope payment(String type, String userId, Object data, String traceparent) {
        EventEnvelope event = EventEnvelope.of("/payment-service", type, userId, data);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.PAYMENT_EVENTS, userId, event.toJson());
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        send(record);
        return event;
    }

    private static void send(ProducerRecord<String, String> record) {
        String topic = record.topic();
        try {
            PRODUCER.send(record).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + topic + " at " + Platform.kafkaBootstrapServers(), e);
        }
    }

    /** End offsets ("topic-partition" -> offset) as a read_committed consumer sees them. */
    static Map<String, Long> endOffsets(String... topics) {
        return TopicReader.endOffsets(List.of(topics)).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().topic() + "-" + e.getKey().partition(), Map.Entry::getValue));
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props);
    }
}
