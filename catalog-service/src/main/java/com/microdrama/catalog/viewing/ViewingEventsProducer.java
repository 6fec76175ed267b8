package com.microdrama.catalog.viewing;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.outbox.KafkaProducers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hands viewing events to a plain {@link KafkaProducer} on the caller's thread (the playback's event loop), never
 * waiting: {@code max.block.ms} is 0, so a record without room in the producer's buffer, or sent before the topic's
 * partitions are known, is dropped on the spot and counted. Not a Reactive Messaging emitter: with its per-message chain
 * (the emitter's processor, message metadata, the acknowledgement sent back to a Vert.x context) playback served
 * 0.35-0.39x the trivial GET, with this producer 0.69x, and without viewing events 1.0x (bench "gets";
 * docs/decisions/0039-viewing-events-own-producer.md). The outbox chose the same for its relay (decision 0008).
 *
 * <p>Connection and security settings are the service's {@code kafka.*} ones, as for every Kafka client in the service.
 */
@ApplicationScoped
public class ViewingEventsProducer implements Consumer<EventEnvelope> {
    private static final byte[] CONTENT_TYPE = EventEnvelope.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);
    /** How long the start waits, in the background, for the topic's partitions before the first send needs them. */
    private static final Duration METADATA_PATIENCE = Duration.ofMinutes(2);

    private final KafkaProducer<String, String> producer;
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;
    /** One callback for every send (it only counts), not a new one per playback. */
    private final Callback outcome = this::count;
    private volatile boolean stopped;

    @Inject
    public ViewingEventsProducer(@Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        this.producer = new KafkaProducer<>(config(kafka));
        this.sent = counter(registry, "sent");
        this.failed = counter(registry, "failed");
        this.dropped = counter(registry, "dropped");
    }

    static Map<String, Object> config(Map<String, Object> kafka) {
        Map<String, Object> config = KafkaProducers.base(kafka, "catalog-viewing-events");
        // playback never waits for analytics: no room or no metadata yet means the event is dropped at once
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        // many small records per series: batch them a little. No compression: lz4's and zstd's native libraries make
        // Java 25 print restricted-access warnings outside the JSON log, and gzip costs the playback path CPU.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // and in few requests: the broker's CPU goes by produce request more than by byte, and at 9,000 grants/s a
        // series' partition filled a 16 KB batch every 2 ms (the broker then took a quarter of a core of two)
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return config;
    }

    /**
     * Asks for the topic's partitions until they are known, on a thread of its own: a send before that would be
     * dropped ({@code max.block.ms} 0), and the start does not wait for the broker (analytics never make the service
     * unready).
     */
    void start(@Observes StartupEvent started) {
        Thread metadata = new Thread(() -> {
            long deadline = System.nanoTime() + METADATA_PATIENCE.toNanos();
            while (!stopped && System.nanoTime() < deadline) {
                try {
                    producer.partitionsFor(Topics.VIEWING_EVENTS);
                    return;
                } catch (TimeoutException notYet) {
                    sleep();
                } catch (RuntimeException e) {
                    Log.warnf("viewing-events: cannot read the topic's partitions (%s); events are dropped until the"
                            + " producer learns them", e.toString());
                    return;
                }
            }
        }, "viewing-events-metadata");
        metadata.setDaemon(true);
        metadata.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        // what is batched still goes out, for a moment at most
        producer.close(Duration.ofSeconds(2));
    }

    @Override
    public void accept(EventEnvelope event) {
        if (stopped) {
            dropped.increment();
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CONTENT_TYPE);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.VIEWING_EVENTS, null, event.subject(),
                event.toJson(), headers);
        try {
            producer.send(record, outcome);
        } catch (RuntimeException e) {
            // a closed producer or a record it refuses: playback goes on
            failed.increment();
        }
    }

    private void count(RecordMetadata metadata, Exception failure) {
        if (failure == null) {
            sent.increment();
        } else if (failure instanceof TimeoutException) {
            // not sent within max.block.ms (no metadata, no buffer room) or delivery.timeout.ms
            dropped.increment();
        } else {
            failed.increment();
        }
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("microdrama.viewing.events")
                .description("Viewing events handed to Kafka, by outcome: sent (acknowledged), failed, dropped (no room"
                        + " or no metadata yet: never waited for)")
                .tag("outcome", outcome)
                .register(registry);
    }
}
