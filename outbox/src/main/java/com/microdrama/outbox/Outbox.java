package com.microdrama.outbox;

import com.microdrama.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Transactional outbox: {@link #append} is called inside the business transaction, so the event exists if and only
 * if the business change committed. {@link OutboxRelay} sends it to Kafka afterwards.
 *
 * <p>The service must own an {@code outbox_event} table (Flyway) and an outgoing Kafka channel named {@code outbox}
 * (String key and value serializers, acks=all, idempotence); topic and key are taken from each row.
 */
@ApplicationScoped
public class Outbox {
    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Must run inside the caller's transaction (Hibernate Reactive session with an open transaction). */
    public Uni<Void> append(String topic, String key, EventEnvelope event) {
        return OutboxEvent.of(topic, key, event, Instant.now()).persist().replaceWithVoid();
    }

    /** Call after the business transaction committed: publishes at once instead of at the next relay tick. */
    public void afterCommit() {
        relay.nudge();
    }
}
