package com.microdrama.outbox;

import com.microdrama.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event written in the business transaction and waiting (published_at null) for the relay to send it. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    /** Insertion order; the relay sends in this order. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    /** The CloudEvents id, so a consumer can de-duplicate a record the relay had to send twice. */
    @Column(nullable = false, updatable = false)
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String topic;

    @Column(name = "record_key", nullable = false, updatable = false)
    public String recordKey;

    @Column(nullable = false, updatable = false)
    public String type;

    /** The whole CloudEvents envelope as JSON, sent byte for byte as the record value. */
    @Column(nullable = false, updatable = false)
    public String payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    /**
     * The W3C trace context of the unit of work that appended the row (null outside a trace): the relay's PRODUCER
     * span is its child, so the record continues that trace (docs/decisions/0025-tracing-through-the-outbox.md).
     */
    @Column(updatable = false)
    public String traceparent;

    @Column(updatable = false)
    public String tracestate;

    /** The row for one event, its CloudEvents id kept as the row id so a re-send can be recognised downstream. */
    public static OutboxEvent of(String topic, String key, EventEnvelope event, Instant createdAt,
                                 OutboxTracing.Stored trace) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(event.id());
        row.topic = topic;
        row.recordKey = key;
        row.type = event.type();
        row.payload = event.toJson();
        row.createdAt = createdAt;
        row.traceparent = trace.traceparent();
        row.tracestate = trace.tracestate();
        return row;
    }
}
