package com.microdrama.outbox;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The relay's Kafka producer: a plain {@link KafkaProducer}, not a Reactive Messaging emitter. The emitter's
 * buffering and acknowledgement chain took 2–4 ms per event where the broker's own ack takes under one, and the relay
 * sits on the path from a purchase to its unlock being visible (docs/decisions/0008-outbox-own-kafka-producer.md).
 *
 * <p>Connection and security settings are the service's {@code kafka.*} ones (and {@code KAFKA_*} variables), as for
 * every other Kafka client in the service; the delivery guarantees the outbox relies on are fixed here.
 */
@ApplicationScoped
public class OutboxProducer {
    private final Map<String, Object> config;
    /** {@code send} can block for metadata (a broker that is down): never on an event loop. */
    private final ExecutorService sendingThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-producer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile KafkaProducer<String, String> producer;

    @Inject
    public OutboxProducer(@Identifier("default-kafka-broker") Map<String, Object> kafka, OutboxConfig config) {
        this(kafka, config.deliveryTimeout());
    }

    OutboxProducer(Map<String, Object> kafka, Duration deliveryTimeout) {
        Map<String, Object> config = KafkaProducers.base(kafka, "outbox-relay");
        // a row is marked published only when every in-sync replica has it, and retries never duplicate or reorder
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // send at once: one event per commit is the usual case, and kafka-clients 4 lingers 5 ms by default
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int deliveryMs = (int) deliveryTimeout.toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, deliveryMs));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.config = Map.copyOf(config);
    }

    /** The producer's settings (for tests). */
    Map<String, Object> config() {
        return config;
    }

    /** Completes when the broker acknowledged the record (on a Kafka thread), fails when it was not delivered. */
    public Uni<Void> send(ProducerRecord<String, String> record) {
        return Uni.createFrom().emitter(emitter -> sendingThread.execute(() -> {
            try {
                producer().send(record, (metadata, failure) -> {
                    if (failure == null) {
                        emitter.complete(null);
                    } else {
                        emitter.fail(failure);
                    }
                });
            } catch (RuntimeException e) {
                emitter.fail(e);
            }
        }));
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            // only the sending thread gets here
            current = new KafkaProducer<>(config);
            producer = current;
        }
        return current;
    }

    @PreDestroy
    void close() {
        sendingThread.execute(() -> {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        });
        sendingThread.shutdown();
    }
}
