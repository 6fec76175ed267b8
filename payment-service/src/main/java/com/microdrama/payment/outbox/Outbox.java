package com.microdrama.payment.outbox;

import com.microdrama.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/**
 * Transactional outbox: {@link #append} is called inside the business transaction, so the event exists if and only
 * if the business change committed. {@link OutboxRelay} sends it to Kafka afterwards.
 */
@ApplicationScoped
public class Outbox {
    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    /** Must run inside the caller's transaction (Hibernate Reactive session with an open transaction). */
    public Uni<Void> append(String topic, String key, EventEnvelope event) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(event.id());
        row.topic = topic;
        row.recordKey = key;
        row.type = event.type();
        row.payload = event.toJson();
        row.createdAt = Instant.now();
        return row.persist().replaceWithVoid();
    }

    /** Call after the business transaction committed: publishes at once instead of at the next relay tick. */
    public void afterCommit() {
        relay.nudge();
    }
}
