package com.microdrama.outbox;

import com.microdrama.events.EventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends unpublished outbox rows to Kafka in insertion order and marks each one published only after the broker
 * acknowledged it (acks=all, idempotent producer). Delivery is at least once: a crash between the ack and the
 * commit sends that record again, and consumers de-duplicate on the CloudEvents id.
 *
 * <p>Plain SQL on the reactive pool, not Hibernate: a pass follows every commit that wrote an event, so it sits on
 * the path from a purchase to its unlock being visible, and a Hibernate session per pass cost more CPU than the pass
 * itself (issue 9, bench "unlock visible").
 */
@ApplicationScoped
public class OutboxRelay {
    static final String SELECT_BATCH = "select seq, id, topic, record_key, type, payload from outbox_event"
            + " where published_at is null order by seq limit $1 for update skip locked";
    static final String MARK_PUBLISHED = "update outbox_event set published_at = $1 where seq = any($2)";

    /** A row as the relay needs it. */
    record Pending(long seq, String id, String topic, String key, String type, String payload) {
        static Pending of(Row row) {
            return new Pending(row.getLong("seq"), String.valueOf(row.getValue("id")), row.getString("topic"),
                    row.getString("record_key"), row.getString("type"), row.getString("payload"));
        }
    }

    private final OutboxProducer producer;
    private final Pool pool;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration sendTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean rerun = new AtomicBoolean();

    public OutboxRelay(OutboxProducer producer,
                       Pool pool,
                       Vertx vertx,
                       @ConfigProperty(name = "outbox.batch-size", defaultValue = "100") int batchSize,
                       @ConfigProperty(name = "outbox.send-timeout", defaultValue = "PT35S") Duration sendTimeout) {
        this.producer = producer;
        this.pool = pool;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
    }

    /** Runs a relay pass soon on its own Vert.x context (the caller's session is finished or unrelated). */
    public void nudge() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(ignored -> publishPending().subscribe().with(
                sent -> { },
                failure -> Log.warnf("Outbox relay pass failed: %s", failure.toString())));
    }

    /**
     * One relay pass over at most one batch; returns how many events were published. Passes never overlap in one
     * instance, and {@code FOR UPDATE SKIP LOCKED} keeps a second instance off the rows this one is sending.
     */
    public Uni<Integer> publishPending() {
        if (!running.compareAndSet(false, true)) {
            // a commit landed while a pass is running: make sure another pass follows it
            rerun.set(true);
            return Uni.createFrom().item(0);
        }
        return Uni.createFrom().deferred(() -> pool.withTransaction(this::publishBatch))
                .onFailure().invoke(e -> Log.warnf("Outbox relay pass failed: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .eventually(() -> running.set(false))
                .invoke(published -> {
                    // a full batch means more may be waiting; a missed nudge means new rows are
                    if (rerun.getAndSet(false) || published == batchSize) {
                        nudge();
                    }
                });
    }

    /** Selects, sends and marks one batch inside the caller's transaction (its row locks keep other relays off). */
    private Uni<Integer> publishBatch(SqlConnection connection) {
        Context context = Vertx.currentContext();
        Executor onPassContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return connection.preparedQuery(SELECT_BATCH).execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Pending> pending = new ArrayList<>(rows.size());
                    rows.forEach(row -> pending.add(Pending.of(row)));
                    return sendFrom(pending, 0, onPassContext);
                })
                .chain(sent -> sent.isEmpty()
                        ? Uni.createFrom().item(0)
                        : connection.preparedQuery(MARK_PUBLISHED)
                                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC),
                                        sent.stream().map(Pending::seq).toArray(Long[]::new)))
                                .replaceWith(sent.size()));
    }

    /**
     * Sends rows[i..] one after another and returns the ones the broker acknowledged. The first failure ends the
     * batch (later rows could share its key, and a key's events must stay in order); the rows before it are still
     * marked, because the transaction commits.
     */
    private Uni<List<Pending>> sendFrom(List<Pending> rows, int i, Executor onPassContext) {
        if (i >= rows.size()) {
            return Uni.createFrom().item(rows);
        }
        Pending row = rows.get(i);
        return send(row)
                // the ack arrives on a Kafka thread: go on on the pass's own context
                .emitOn(onPassContext)
                .chain(() -> sendFrom(rows, i + 1, onPassContext))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("Outbox event %s (seq %d, %s) not published, will retry: %s", row.id(), row.seq(),
                            row.type(), e.toString());
                    return Uni.createFrom().item(rows.subList(0, i)).emitOn(onPassContext);
                });
    }

    private Uni<Void> send(Pending row) {
        RecordHeaders headers = new RecordHeaders();
        // CloudEvents Kafka binding, structured mode
        headers.add("content-type", EventEnvelope.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return producer.send(new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers))
                .ifNoItem().after(sendTimeout).fail();
    }
}
