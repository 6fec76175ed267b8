package com.microdrama.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends unpublished outbox rows to Kafka in insertion order and marks each one published only after the broker
 * acknowledged it (acks=all, idempotent producer). Delivery is at least once: a crash between the ack and the
 * commit sends that record again, and consumers de-duplicate on the CloudEvents id.
 */
@ApplicationScoped
public class OutboxRelay {
    static final String SELECT_BATCH = "select * from outbox_event where published_at is null order by seq "
            + "limit :limit for update skip locked";

    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final int batchSize;
    private final Duration sendTimeout;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean rerun = new AtomicBoolean();

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter,
                       Vertx vertx,
                       @ConfigProperty(name = "outbox.batch-size", defaultValue = "100") int batchSize,
                       @ConfigProperty(name = "outbox.send-timeout", defaultValue = "PT35S") Duration sendTimeout) {
        this.emitter = emitter;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
    }

    /** Runs a relay pass soon on its own Vert.x context (the caller's session is finished or unrelated). */
    public void nudge() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(ignored -> {
            // Hibernate Reactive Panache only runs on a duplicated context flagged as safe (not shared with others)
            VertxContextSafetyToggle.setCurrentContextSafe(true);
            publishPending().subscribe().with(
                    sent -> { },
                    failure -> Log.warnf("Outbox relay pass failed: %s", failure.toString()));
        });
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
        return Uni.createFrom().deferred(() -> Panache.withTransaction(this::publishBatch))
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

    private Uni<Integer> publishBatch() {
        Context context = Vertx.currentContext();
        Executor onSessionContext = task -> context.runOnContext(ignored -> task.run());
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(SELECT_BATCH, OutboxEvent.class)
                        .setParameter("limit", batchSize)
                        .getResultList())
                .chain(rows -> sendFrom(rows, 0, onSessionContext));
    }

    /**
     * Sends rows[i..] one after another. The first failure ends the batch (later rows could share its key, and a
     * key's events must stay in order); the rows before it are still marked, because the transaction commits.
     */
    private Uni<Integer> sendFrom(List<OutboxEvent> rows, int i, Executor onSessionContext) {
        if (i >= rows.size()) {
            return Uni.createFrom().item(i);
        }
        OutboxEvent row = rows.get(i);
        return send(row)
                // the ack arrives on a Kafka thread; the Hibernate session must only be touched on its own context
                .emitOn(onSessionContext)
                .chain(() -> {
                    row.publishedAt = Instant.now();
                    return sendFrom(rows, i + 1, onSessionContext);
                })
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("Outbox event %s (seq %d, %s) not published, will retry: %s", row.id, row.seq, row.type,
                            e.toString());
                    return Uni.createFrom().item(i).emitOn(onSessionContext);
                });
    }

    private Uni<Void> send(OutboxEvent row) {
        RecordHeaders headers = new RecordHeaders();
        // CloudEvents Kafka binding, structured mode
        headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.recordKey)
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(row.payload).addMetadata(metadata))
                .ifNoItem().after(sendTimeout).fail();
    }
}
