package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.config.EntitlementConfig;
import com.microdrama.entitlement.admin.AdminAction;
import com.microdrama.entitlement.rebuild.RebuildProgress.Phase;
import io.quarkus.logging.Log;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rebuilds the projection tables from the Kafka log, on its own thread, with plain JDBC:
 * <ol>
 *   <li>fresh shadow tables; a plain consumer (no group, nothing committed, read_committed) assigned every partition
 *       of catalog-events and payment-events, at the beginning; the end offsets captured now are the target;</li>
 *   <li>replay up to them: each poll (thousands of records) is folded in memory by the live rules and appended to the
 *       shadow tables, which have no keys yet, in one transaction of a few COPY statements ({@link BulkLoad});</li>
 *   <li>finish the load (subscriptions held in memory, revocations by tombstone), build the keys and indexes, keep
 *       legacy live ids, catch up, unlocked, to where the live consumers are (their positions are in the live
 *       tables);</li>
 *   <li>swap, in one transaction: lock the live tables (live consumers and admin writes wait), read the records the
 *       live tables contain beyond the shadow, apply them and the admin journal to the shadow, move the shadow
 *       tables into the live schema, commit. Live consumption then goes on from its own offsets: whatever the shadow
 *       read beyond them is in its inbox and is skipped as a duplicate, so nothing is lost or applied twice.</li>
 * </ol>
 */
final class RebuildJob implements Runnable {

    private static final Duration POLL = Duration.ofMillis(200);

    private record CatchUp(List<ConsumerRecord<String, String>> records, Map<TopicPartition, Long> positions) {
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final RebuildProgress progress;
    private final EntitlementConfig.Rebuild config;
    private final ShadowTables shadow;
    private final String catalogTopic;
    private final String paymentTopic;
    /** Created once the job knows how many records it will replay (its filters are sized by that). */
    private ShadowBatch batch;
    private final DataSource dataSource;
    private final Properties kafka;
    private final Clock clock;
    private volatile boolean stopping;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "entitlement-rebuild-reader");
        t.setDaemon(true);
        return t;
    });

    RebuildJob(RebuildProgress progress, EntitlementConfig.Rebuild config, ShadowTables shadow, String catalogTopic,
               String paymentTopic, DataSource dataSource, Properties kafka, Clock clock) {
        this.progress = progress;
        this.config = config;
        this.shadow = shadow;
        this.catalogTopic = catalogTopic;
        this.paymentTopic = paymentTopic;
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.clock = clock;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        Log.infof("rebuild %s started", progress.jobId());
        try (Connection db = dataSource.getConnection(); KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka)) {
            db.setAutoCommit(false);
            try {
                rebuild(db, consumer);
            } finally {
                dropShadowQuietly(db);
            }
        } catch (Throwable t) {
            Log.errorf(t, "rebuild %s failed", progress.jobId());
            progress.failed(t.getClass().getSimpleName() + ": " + t.getMessage(), clock.instant());
        } finally {
            reader.shutdownNow();
        }
    }

    private void rebuild(Connection db, KafkaConsumer<String, String> consumer) throws SQLException {
        inTransaction(db, false, c -> {
            shadow.recreate(c);
            return null;
        });
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(catalogTopic, paymentTopic)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        progress.target(beginning, end);
        long toRead = end.entrySet().stream().mapToLong(e -> e.getValue() - beginning.getOrDefault(e.getKey(), 0L)).sum();
        batch = new ShadowBatch(shadow.shadowSchema(), paymentTopic, catalogTopic, toRead);

        progress.phase(Phase.REPLAYING);
        replayUntil(db, consumer, end);

        progress.phase(Phase.INDEXING);
        long keptIds = inTransaction(db, false, c -> {
            long revoked = batch.finishLoad(c);
            Log.infof("rebuild %s: %d entitlements revoked by their tombstones, %d queries settled a filter's maybe",
                    progress.jobId(), revoked, batch.settlingQueries());
            shadow.buildIndexes(c);
            return shadow.keepLiveIds(c);
        });
        if (keptIds > 0) {
            Log.infof("rebuild %s: %d rows keep the id the live table gave them", progress.jobId(), keptIds);
        }

        if (config.catchUpBeforeLock()) {
            progress.phase(Phase.CATCHING_UP);
            replayUntil(db, consumer, inTransaction(db, false, this::livePositions));
        }

        progress.phase(Phase.SWAPPING);
        swap(db, consumer);
        Log.infof("rebuild %s swapped in: %s", progress.jobId(), progress.status(clock.instant()));
    }

    /** A poll read and parsed on the reader thread, or the news that the targets are reached. */
    private record Read(ShadowBatch.Parsed parsed, boolean reached) {
    }

    /**
     * Reads up to the targets. Two polls are in flight: while one is written to the database on this thread, the
     * reader thread polls the next one and parses it. During the replay only the reader thread uses the consumer (one
     * task at a time, handed over through the futures); this thread takes it back when the replay returns.
     */
    private void replayUntil(Connection db, KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> targets)
            throws SQLException {
        long lastRead = System.nanoTime();
        Future<Read> reading = reader.submit(() -> read(consumer, targets));
        try {
            while (true) {
                if (stopping) {
                    throw new CancellationException("the service is stopping");
                }
                Read next = result(reading);
                reading = null;
                if (next.reached()) {
                    return;
                }
                reading = reader.submit(() -> read(consumer, targets));
                if (next.parsed() != null) {
                    applyToShadow(db, next.parsed());
                    lastRead = System.nanoTime();
                } else if (System.nanoTime() - lastRead > config.stallTimeout().toNanos()) {
                    throw new IllegalStateException("no records arrived for " + config.stallTimeout()
                            + " while still behind " + targets);
                }
            }
        } finally {
            if (reading != null) {
                // the job failed or stops: let the reader put the consumer down before it is closed
                awaitQuietly(reading);
            }
        }
    }

    /** On the reader thread: the next poll, parsed (null when the poll brought nothing). */
    private Read read(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> targets) {
        if (reached(consumer, targets)) {
            return new Read(null, true);
        }
        List<ConsumerRecord<String, String>> records = poll(consumer);
        return new Read(records.isEmpty() ? null : batch.parse(records), false);
    }

    private static void awaitQuietly(Future<Read> reading) {
        try {
            reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // the job is failing already; its own error is the one reported
        }
    }

    private static Read result(Future<Read> reading) {
        try {
            return reading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer) {
        ConsumerRecords<String, String> polled = consumer.poll(POLL);
        List<ConsumerRecord<String, String>> records = new ArrayList<>(polled.count());
        polled.forEach(records::add);
        progress.read(records.size(), positionsOf(consumer));
        return records;
    }

    /**
     * One transaction per poll. If the database refuses one record (the live consumer would have retried it and then
     * dead-lettered it), the batch is redone record by record and only that record is left out.
     */
    private void applyToShadow(Connection db, ShadowBatch.Parsed parsed) throws SQLException {
        List<ConsumerRecord<String, String>> records = parsed.records();
        try {
            ShadowBatch.Counts counts = inTransaction(db, true, c -> batch.write(c, parsed, clock.instant()));
            batch.committed();
            progress.applied(counts.applied(), counts.invalid(), counts.failed());
        } catch (SQLException | RuntimeException batchFailure) {
            Log.warnf("rebuild %s: a batch of %d records failed (%s); applying them one by one",
                    progress.jobId(), records.size(), batchFailure.getMessage());
            for (ConsumerRecord<String, String> record : records) {
                try {
                    ShadowBatch.Counts counts = inTransaction(db, true, c -> batch.apply(c, List.of(record), clock.instant()));
                    batch.committed();
                    progress.applied(counts.applied(), counts.invalid(), counts.failed());
                } catch (SQLException | RuntimeException e) {
                    Log.warnf("rebuild %s: left out %s-%d@%d: %s", progress.jobId(), record.topic(),
                            record.partition(), record.offset(), e.getMessage());
                    progress.applied(0, 0, 1);
                }
            }
        }
    }

    private void swap(Connection db, KafkaConsumer<String, String> consumer) throws SQLException {
        // The entitlement counts of the status are taken outside the swap's lock: every check and consumer waits while
        // it is held, and counting a live table of millions of rows takes seconds (0.9 s for 900,000 here;
        // docs/decisions/0037-rebuild-cpu-per-event.md). So they are the rows just before and just after it.
        long entitlementsBefore = inTransaction(db, false, shadow::countLiveEntitlements);
        for (int attempt = 1; ; attempt++) {
            progress.swapAttempt();
            Map<TopicPartition, Long> before = positionsOf(consumer);
            try {
                inTransaction(db, false, c -> swapTransaction(c, consumer));
                progress.swapped(entitlementsBefore, inTransaction(db, false, shadow::countLiveEntitlements),
                        clock.instant());
                return;
            } catch (SQLException | RuntimeException e) {
                // Rolled back, the records read inside it included: they must be read again.
                before.forEach(consumer::seek);
                if (attempt >= config.swapAttempts()) {
                    throw e;
                }
                Log.warnf("rebuild %s: swap attempt %d failed (%s), trying again", progress.jobId(), attempt, e.getMessage());
            }
        }
    }

    private Void swapTransaction(Connection c, KafkaConsumer<String, String> consumer) throws SQLException {
        shadow.lockLive(c, config.lockTimeout().toMillis());
        Map<TopicPartition, Long> live = livePositions(c);
        List<AdminAction> journal = journal(c);
        CatchUp catchUp = readUpTo(consumer, live);
        ShadowBatch.Counts counts = batch.apply(c, catchUp.records(), clock.instant());
        progress.applied(counts.applied(), counts.invalid(), counts.failed());
        progress.caughtUp(catchUp.records().size());
        batch.applyJournal(c, journal);
        batch.advance(c, catchUp.positions(), clock.instant());
        shadow.markExposedSeries(c);
        shadow.swapIn(c);
        return null;
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

    /** What the live tables contain: the live consumers' positions, written with each record's effect. */
    private Map<TopicPartition, Long> livePositions(Connection c) throws SQLException {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select topic, partition, next_offset from "
                + shadow.liveSchema() + ".consumer_position");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                positions.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return positions;
    }

    /** The admin journal in replay order. */
    private List<AdminAction> journal(Connection c) throws SQLException {
        List<AdminAction> journal = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select id, seq, action, actor, entitlement_id, entitlement_source,"
                + " user_id, episode_id, series_id, valid_from, valid_until, reason, created_at from "
                + shadow.liveSchema() + ".admin_action order by seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                AdminAction a = new AdminAction();
                a.id = rs.getString(1);
                a.seq = rs.getLong(2);
                a.action = rs.getString(3);
                a.actor = rs.getString(4);
                a.entitlementId = rs.getObject(5, UUID.class);
                a.entitlementSource = rs.getString(6);
                a.userId = rs.getString(7);
                a.episodeId = rs.getString(8);
                a.seriesId = rs.getString(9);
                a.validFrom = instant(rs.getObject(10, OffsetDateTime.class));
                a.validUntil = instant(rs.getObject(11, OffsetDateTime.class));
                a.reason = rs.getString(12);
                a.createdAt = instant(rs.getObject(13, OffsetDateTime.class));
                journal.add(a);
            }
        }
        return journal;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
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

    /**
     * One transaction on the job's connection. Replay batches commit without waiting for the WAL flush: a crash loses
     * the job anyway (it starts over with fresh shadow tables), and the swap itself commits normally.
     */
    private static <T> T inTransaction(Connection c, boolean asyncCommit, Work<T> work) throws SQLException {
        try {
            if (asyncCommit) {
                Sql.execute(c, "set local synchronous_commit = off");
                // Fresh shadow tables have no statistics yet: once keyed (catch-up), the planner would scan a growing
                // table for a batch's lookups by source or event id instead of probing the unique indexes they use.
                Sql.execute(c, "set local enable_seqscan = off");
            }
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private void dropShadowQuietly(Connection db) {
        try {
            inTransaction(db, false, c -> {
                shadow.drop(c);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            Log.warnf("rebuild %s: could not drop the shadow tables: %s", progress.jobId(), e.getMessage());
        }
    }
}
