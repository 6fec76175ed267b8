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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends unpublished outbox rows to Kafka in insertion order and marks each one published only after the broker
 * acknowledged it (acks=all, idempotent producer). Delivery is at least once: a crash between the ack and the
 * commit sends that record again, and consumers de-duplicate on the CloudEvents id.
 *
 * <p>Plain SQL on the reactive pool, not Hibernate: a pass follows every commit that wrote an event, so it sits on
 * the path from a purchase to its unlock being visible, and a Hibernate session per pass cost more CPU than the pass
 * itself (docs/decisions/0005-raw-sql-on-hot-paths.md).
 *
 * <p>A unit of work that knows the rows it wrote ({@link OutboxPublication}) skips the pass: {@link #publishCommitted}
 * sends those rows the moment they committed and marks them after the ack, without the pass's transaction and
 * select (two database round trips on that path). While a send of this instance failed and no complete pass followed,
 * it falls back to a pass, so an event never overtakes an earlier one of this instance that is still waiting.
 */
@ApplicationScoped
public class OutboxRelay {
    static final String SELECT_BATCH = "select seq, id, topic, record_key, type, payload, traceparent, tracestate"
            + " from outbox_event"
            + " where published_at is null order by seq limit $1 for update skip locked";
    static final String MARK_PUBLISHED = "update outbox_event set published_at = $1 where seq = any($2)";
    /** Outside a pass's transaction: a pass may have sent and marked the row meanwhile (a tick of another instance). */
    static final String MARK_SENT_DIRECTLY = "update outbox_event set published_at = $1 where seq = any($2)"
            + " and published_at is null";

    /** A row as the relay needs it; {@code trace} is the context it was appended in (OutboxTracing). */
    public record Pending(long seq, String id, String topic, String key, String type, String payload,
                          OutboxTracing.Stored trace) {
        static Pending of(Row row) {
            return new Pending(row.getLong("seq"), String.valueOf(row.getValue("id")), row.getString("topic"),
                    row.getString("record_key"), row.getString("type"), row.getString("payload"),
                    new OutboxTracing.Stored(row.getString("traceparent"), row.getString("tracestate")));
        }
    }

    private final OutboxProducer producer;
    private final OutboxTracing tracing;
    private final Pool pool;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration sendTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean rerun = new AtomicBoolean();
    /** Rows {@link #publishCommitted} is sending: a pass leaves them alone instead of sending them a second time. */
    private final Set<Long> sendingDirectly = ConcurrentHashMap.newKeySet();
    /** Counts failed sends; a pass that saw no new failure and left nothing behind clears {@link #backlog}. */
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean backlog = new AtomicBoolean();

    public OutboxRelay(OutboxProducer producer,
                       OutboxTracing tracing,
                       Pool pool,
                       Vertx vertx,
                       OutboxConfig config) {
        this.producer = producer;
        this.tracing = tracing;
        this.pool = pool;
        this.vertx = vertx;
        this.batchSize = config.batchSize();
        this.sendTimeout = config.sendTimeout();
    }

    /** Runs a relay pass soon on its own Vert.x context (the caller's session is finished or unrelated). */
    public void nudge() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(ignored -> publishPending().subscribe().with(
                sent -> { },
                failure -> Log.warnf("Outbox relay pass failed: %s", failure.toString())));
    }

    /**
     * Sends rows whose transaction just committed, in order, from a new Vert.x context, and marks them published
     * after the broker's ack. Falls back to a pass while an earlier send failed (its row may be older than these).
     */
    public void publishCommitted(List<Pending> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (backlog.get()) {
            nudge();
            return;
        }
        rows.forEach(row -> sendingDirectly.add(row.seq()));
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(ignored -> sendFrom(rows, 0, onContext(context))
                // a row that was not sent counted as a failure in sendFrom: it waits for the next pass
                .chain(sent -> sent.isEmpty() ? Uni.createFrom().voidItem() : pool.preparedQuery(MARK_SENT_DIRECTLY)
                            .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC),
                                    sent.stream().map(Pending::seq).toArray(Long[]::new)))
                            .replaceWithVoid())
                .eventually(() -> rows.forEach(row -> sendingDirectly.remove(row.seq())))
                .subscribe().with(
                        done -> { },
                        // sent but not marked: the next pass sends it again (consumers de-duplicate on the id)
                        failure -> Log.warnf("Outbox rows sent but not marked published: %s", failure.toString())));
    }

    private void failed() {
        failures.incrementAndGet();
        backlog.set(true);
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
        long failuresBefore = failures.get();
        return Uni.createFrom().deferred(() -> pool.withTransaction(this::publishBatch))
                .invoke(published -> {
                    // everything this instance failed to send before the pass began is out now
                    if (published < batchSize && failures.get() == failuresBefore) {
                        backlog.set(false);
                    }
                })
                .onFailure().invoke(e -> {
                    failed();
                    Log.warnf("Outbox relay pass failed: %s", e.toString());
                })
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
        Executor onPassContext = onContext(Vertx.currentContext());
        return connection.preparedQuery(SELECT_BATCH).execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Pending> pending = new ArrayList<>(rows.size());
                    rows.forEach(row -> {
                        Pending candidate = Pending.of(row);
                        if (!sendingDirectly.contains(candidate.seq())) {
                            pending.add(candidate);
                        }
                    });
                    return sendFrom(pending, 0, onPassContext);
                })
                .chain(sent -> sent.isEmpty()
                        ? Uni.createFrom().item(0)
                        : connection.preparedQuery(MARK_PUBLISHED)
                                .execute(Tuple.of(OffsetDateTime.now(ZoneOffset.UTC),
                                        sent.stream().map(Pending::seq).toArray(Long[]::new)))
                                .replaceWith(sent.size()));
    }

    private static Executor onContext(Context context) {
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
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
                    failed();
                    Log.warnf("Outbox event %s (seq %d, %s) not published, will retry: %s", row.id(), row.seq(),
                            row.type(), e.toString());
                    return Uni.createFrom().item(rows.subList(0, i)).emitOn(onPassContext);
                });
    }

    private Uni<Void> send(Pending row) {
        RecordHeaders headers = new RecordHeaders();
        // CloudEvents Kafka binding, structured mode
        headers.add("content-type", EventEnvelope.KAFKA_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        // the PRODUCER span of this send, child of the row's stored context, in traceparent/tracestate (decision 0025)
        OutboxTracing.Sending traced = tracing.sending(row, headers);
        return producer.send(new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers))
                .ifNoItem().after(sendTimeout).fail()
                .invoke(traced::sent)
                .onFailure().invoke(traced::failed);
    }
}
