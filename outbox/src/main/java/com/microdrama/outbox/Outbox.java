package com.microdrama.outbox;

import com.microdrama.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Transactional outbox: {@link #append} is called inside the business transaction, so the event exists if and only
 * if the business change committed. {@link OutboxRelay} sends it to Kafka afterwards.
 *
 * <p>The service lists the module's {@code outbox_event} migration (docs/decisions/0006-outbox-owns-its-table.md);
 * {@link OutboxProducer} sends the rows, topic and key taken from each row
 * (docs/decisions/0008-outbox-own-kafka-producer.md).
 *
 * <p>The {@link SqlConnection} variant of append is plain SQL for a caller whose transaction is a plain SQL one
 * (docs/decisions/0005-raw-sql-on-hot-paths.md).
 */
@ApplicationScoped
public class Outbox {
    private final OutboxRelay relay;
    private final OutboxTracing tracing;
    /** The service's business clock: a row's created_at is the moment of the change it announces. */
    private final Clock clock;

    public Outbox(OutboxRelay relay, OutboxTracing tracing, Clock clock) {
        this.relay = relay;
        this.tracing = tracing;
        this.clock = clock;
    }

    /** The row of one event, with the caller's trace context (docs/decisions/0025-tracing-through-the-outbox.md). */
    private OutboxEvent row(String topic, String key, EventEnvelope event) {
        return OutboxEvent.of(topic, key, event, clock.instant(), tracing.current());
    }

    /** Must run inside the caller's transaction (Hibernate Reactive session with an open transaction). */
    public Uni<Void> append(String topic, String key, EventEnvelope event) {
        return row(topic, key, event).persist().replaceWithVoid();
    }

    /**
     * The same row, also recorded in {@code publication} so that {@link OutboxPublication#afterCommit()} sends it
     * without a relay pass. Must run inside the caller's transaction, like {@link #append(String, String, EventEnvelope)}.
     */
    public Uni<Void> append(String topic, String key, EventEnvelope event, OutboxPublication publication) {
        OutboxEvent row = row(topic, key, event);
        // the identity column is assigned by the insert, which persist() runs at once
        return row.persist().invoke(() -> publication.add(row)).replaceWithVoid();
    }

    /** Collects the rows of one attempt of a unit of work; see {@link OutboxPublication}. */
    public OutboxPublication publication() {
        return new OutboxPublication(relay);
    }

    static final String INSERT = "insert into outbox_event"
            + " (id, topic, record_key, type, payload, created_at, traceparent, tracestate)"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8) returning seq";

    /**
     * The same row, written on the connection of a plain SQL transaction (a caller whose transaction is not a
     * Hibernate one: entitlement-service's live consumer), and recorded in {@code publication} with the position the
     * insert gave it. Statements issued together on one connection run in order, so a caller may pipeline this with
     * the rest of its transaction.
     */
    public Uni<Void> append(SqlConnection connection, String topic, String key, EventEnvelope event,
                            OutboxPublication publication) {
        OutboxEvent row = row(topic, key, event);
        return connection.preparedQuery(INSERT)
                .execute(Tuple.from(Arrays.asList(row.id, row.topic, row.recordKey, row.type, row.payload,
                        OffsetDateTime.ofInstant(row.createdAt, ZoneOffset.UTC), row.traceparent, row.tracestate)))
                .invoke(rows -> {
                    row.seq = rows.iterator().next().getLong("seq");
                    publication.add(row);
                })
                .replaceWithVoid();
    }

    /** Call after the business transaction committed: publishes at once instead of at the next relay tick. */
    public void afterCommit() {
        relay.nudge();
    }
}
