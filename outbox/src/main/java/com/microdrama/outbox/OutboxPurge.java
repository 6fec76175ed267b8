package com.microdrama.outbox;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes outbox rows published longer ago than {@code outbox.retention}, run by {@link OutboxTick}: published rows
 * were otherwise kept forever. Unpublished rows are never touched. Each statement deletes at most
 * {@code outbox.purge-batch-size} rows in its own transaction, so a big backlog never makes one huge transaction;
 * {@code skip locked} keeps it off rows another instance's purge holds.
 *
 * <p>The cutoff is taken from the wall clock, like {@code published_at} itself ({@link OutboxRelay}), not from the
 * service's business clock.
 */
@ApplicationScoped
public class OutboxPurge {
    static final String DELETE_BATCH = "delete from outbox_event where seq in (select seq from outbox_event"
            + " where published_at is not null and published_at < $1 limit $2 for update skip locked)";

    private final Pool pool;
    private final Duration retention;
    private final int batchSize;
    /** Rows purged since start (visible in the log; no metrics library in this module). */
    private final AtomicLong purged = new AtomicLong();

    @Inject
    public OutboxPurge(Pool pool, OutboxConfig config) {
        this(pool, config.retention(), config.purgeBatchSize());
    }

    OutboxPurge(Pool pool, Duration retention, int batchSize) {
        this.pool = pool;
        this.retention = retention;
        this.batchSize = batchSize;
    }

    /** One purge: batches until fewer than a batch were deleted; returns how many rows went. */
    public Uni<Long> purge() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(retention);
        return batchesFrom(cutoff, 0)
                .invoke(count -> {
                    long total = purged.addAndGet(count);
                    if (count > 0) {
                        Log.infof("Outbox purge deleted %d rows published before %s (%d since start)", count, cutoff,
                                total);
                    } else {
                        Log.debugf("Outbox purge: no row published before %s", cutoff);
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    // a database outage: the next run purges what this one left
                    Log.warnf("Outbox purge failed: %s", failure.toString());
                    return 0L;
                });
    }

    /** Rows purged since start. */
    public long purged() {
        return purged.get();
    }

    private Uni<Long> batchesFrom(OffsetDateTime cutoff, long deletedSoFar) {
        return pool.preparedQuery(DELETE_BATCH).execute(Tuple.of(cutoff, batchSize))
                .chain(result -> {
                    long total = deletedSoFar + result.rowCount();
                    return result.rowCount() < batchSize
                            ? Uni.createFrom().item(total)
                            : batchesFrom(cutoff, total);
                });
    }
}
