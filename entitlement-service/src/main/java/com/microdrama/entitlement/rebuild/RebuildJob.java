package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.admin.AdminAction;
import com.microdrama.entitlement.admin.AdminLedger;
import com.microdrama.entitlement.projection.ConsumerPositions;
import com.microdrama.entitlement.projection.LogProjection;
import com.microdrama.entitlement.rebuild.RebuildProgress.Phase;
import com.microdrama.events.InvalidEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * Rebuilds the projection tables from the Kafka log, on its own thread:
 * <ol>
 *   <li>fresh shadow tables; a plain consumer (no group, nothing committed, read_committed) assigned every partition
 *       of catalog-events and payment-events, at the beginning; the end offsets captured now are the target;</li>
 *   <li>replay up to them into the shadow tables through the live consumers' own {@link LogProjection};</li>
 *   <li>catch up, unlocked, to where the live consumers are (their positions are in the live tables);</li>
 *   <li>swap, in one transaction: lock the live tables (live consumers and admin writes wait), read the records the
 *       live tables contain beyond the shadow, apply them and the admin journal to the shadow, copy the shadow over
 *       the live tables, commit. Live consumption then goes on from its own offsets: whatever the shadow read
 *       beyond them is in its inbox and is skipped as a duplicate, so nothing is lost or applied twice.</li>
 * </ol>
 */
final class RebuildJob implements Runnable {

    private static final Duration POLL = Duration.ofMillis(200);

    /** Records applied in one shadow transaction, and how many of them were unusable. */
    private static final class Counts {
        long applied;
        long invalid;
    }

    private record CatchUp(List<ConsumerRecord<String, String>> records, Map<TopicPartition, Long> positions) {
    }

    private static final class SwapResult {
        long before;
        long after;
    }

    private final RebuildProgress progress;
    private final RebuildConfig config;
    private final LogProjection projection;
    private final AdminLedger adminLedger;
    private final ConsumerPositions positions;
    private final ShadowTables shadow;
    private final Properties kafka;
    private final Clock clock;
    private volatile boolean stopping;

    RebuildJob(RebuildProgress progress, RebuildConfig config, LogProjection projection, AdminLedger adminLedger,
               ConsumerPositions positions, ShadowTables shadow, Properties kafka, Clock clock) {
        this.progress = progress;
        this.config = config;
        this.projection = projection;
        this.adminLedger = adminLedger;
        this.positions = positions;
        this.shadow = shadow;
        this.kafka = kafka;
        this.clock = clock;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        Log.infof("rebuild %s started", progress.jobId());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka)) {
            await(shadow::recreate);
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(projection.catalogTopic(), projection.paymentTopic())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            progress.target(consumer.beginningOffsets(partitions), end);

            progress.phase(Phase.REPLAYING);
            replayUntil(consumer, end);

            if (config.catchUpBeforeLock()) {
                progress.phase(Phase.CATCHING_UP);
                replayUntil(consumer, await(() -> Panache.withSession(positions::all)));
            }

            progress.phase(Phase.SWAPPING);
            swap(consumer);
            Log.infof("rebuild %s swapped in: %s", progress.jobId(), progress.status(clock.instant()));
        } catch (Throwable t) {
            Log.errorf(t, "rebuild %s failed", progress.jobId());
            progress.failed(t.getClass().getSimpleName() + ": " + t.getMessage(), clock.instant());
        } finally {
            dropShadowQuietly();
        }
    }

    private void replayUntil(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> targets) {
        long lastRead = System.nanoTime();
        while (!reached(consumer, targets)) {
            if (stopping) {
                throw new CancellationException("the service is stopping");
            }
            List<ConsumerRecord<String, String>> records = poll(consumer);
            if (records.isEmpty()) {
                if (System.nanoTime() - lastRead > config.stallTimeout().toNanos()) {
                    throw new IllegalStateException("no records arrived for " + config.stallTimeout()
                            + " while still behind " + targets);
                }
                continue;
            }
            lastRead = System.nanoTime();
            applyToShadow(records);
        }
    }

    private List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer) {
        ConsumerRecords<String, String> batch = consumer.poll(POLL);
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        progress.read(records.size(), positionsOf(consumer));
        return records;
    }

    /**
     * One transaction per batch. If the database refuses one record (the live consumer would have retried it and
     * then dead-lettered it), the batch is redone record by record and only that record is left out.
     */
    private void applyToShadow(List<ConsumerRecord<String, String>> records) {
        try {
            Counts counts = await(() -> inShadow(() -> applyAll(records)));
            progress.applied(counts.applied, counts.invalid, 0);
        } catch (RuntimeException batchFailure) {
            Log.warnf("rebuild %s: a batch of %d records failed (%s); applying them one by one",
                    progress.jobId(), records.size(), batchFailure.getMessage());
            for (ConsumerRecord<String, String> record : records) {
                try {
                    Counts counts = await(() -> inShadow(() -> applyAll(List.of(record))));
                    progress.applied(counts.applied, counts.invalid, 0);
                } catch (RuntimeException e) {
                    Log.warnf("rebuild %s: left out %s-%d@%d: %s", progress.jobId(), record.topic(),
                            record.partition(), record.offset(), e.getMessage());
                    progress.applied(0, 0, 1);
                }
            }
        }
    }

    private <T> Uni<T> inShadow(Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> shadow.writeToShadow(session)
                .chain(() -> work.get())
                // Flush while the search path still names the shadow tables.
                .call(session::flush)));
    }

    /** Inside the current transaction, in log order; invalid records had no effect live either (dead-lettered). */
    private Uni<Counts> applyAll(List<ConsumerRecord<String, String>> records) {
        Counts counts = new Counts();
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> projection.apply(record)
                        .invoke(() -> counts.applied++)
                        .onFailure(InvalidEventException.class).recoverWithItem(failure -> {
                            counts.invalid++;
                            return null;
                        }))
                .collect().last()
                .replaceWith(counts);
    }

    private void swap(KafkaConsumer<String, String> consumer) {
        for (int attempt = 1; ; attempt++) {
            progress.swapAttempt();
            Map<TopicPartition, Long> before = positionsOf(consumer);
            try {
                SwapResult result = await(() -> swapTransaction(consumer));
                progress.swapped(result.before, result.after, clock.instant());
                return;
            } catch (RuntimeException e) {
                // Rolled back, the records read inside it included: they must be read again.
                before.forEach(consumer::seek);
                if (attempt >= config.swapAttempts()) {
                    throw e;
                }
                Log.warnf("rebuild %s: swap attempt %d failed (%s), trying again", progress.jobId(), attempt, e.getMessage());
            }
        }
    }

    private Uni<SwapResult> swapTransaction(KafkaConsumer<String, String> consumer) {
        SwapResult result = new SwapResult();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> shadow
                .lockLive(session, config.lockTimeout().toMillis())
                .chain(() -> shadow.countLiveEntitlements(session)).invoke(n -> result.before = n)
                .chain(() -> positions.all())
                .chain(live -> AdminAction.<AdminAction>list("order by seq").chain(journal ->
                        blocking(() -> readUpTo(consumer, live)).chain(catchUp -> shadow.writeToShadow(session)
                                .chain(() -> applyAll(catchUp.records()))
                                .invoke(counts -> {
                                    progress.applied(counts.applied, counts.invalid, 0);
                                    progress.caughtUp(catchUp.records().size());
                                })
                                .chain(() -> replayJournal(journal))
                                .chain(() -> recordPositions(catchUp.positions())))))
                // Nothing may be flushed once the search path names the live tables again.
                .call(session::flush)
                .invoke(session::clear)
                .chain(() -> shadow.writeToLive(session))
                .chain(() -> shadow.keepLiveIds(session))
                .chain(() -> shadow.copyIntoLive(session))
                .chain(() -> shadow.countLiveEntitlements(session)).invoke(n -> result.after = n)
                .replaceWith(result)));
    }

    /** Blocking: reads until every partition is at least where the live tables are. */
    private CatchUp readUpTo(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> live) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + config.lockTimeout().toNanos();
        while (!reached(consumer, live)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read up to the live positions " + live + " in time");
            }
            records.addAll(poll(consumer));
        }
        return new CatchUp(records, positionsOf(consumer));
    }

    private Uni<Void> replayJournal(List<AdminAction> journal) {
        return Multi.createFrom().iterable(journal)
                .onItem().transformToUniAndConcatenate(adminLedger::apply)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> recordPositions(Map<TopicPartition, Long> read) {
        return Multi.createFrom().iterable(read.entrySet())
                .onItem().transformToUniAndConcatenate(e ->
                        positions.advance(e.getKey().topic(), e.getKey().partition(), e.getValue()))
                .collect().last()
                .replaceWithVoid();
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (consumer.assignment().contains(target.getKey()) && consumer.position(target.getKey()) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> positionsOf(KafkaConsumer<String, String> consumer) {
        Map<TopicPartition, Long> now = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            now.put(tp, consumer.position(tp));
        }
        return now;
    }

    /** Runs a blocking step (Kafka poll) off the event loop, then continues on this transaction's context. */
    private static <T> Uni<T> blocking(Callable<T> work) {
        Context context = Vertx.currentContext();
        return VertxContextSupport.executeBlocking(work)
                .emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    private void dropShadowQuietly() {
        try {
            await(shadow::drop);
        } catch (RuntimeException e) {
            Log.warnf("rebuild %s: could not drop the shadow tables: %s", progress.jobId(), e.getMessage());
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
