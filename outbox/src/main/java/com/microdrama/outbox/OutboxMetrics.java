package com.microdrama.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The backlog of the outbox as gauges: {@code microdrama_outbox_pending} (unpublished rows) and
 * {@code microdrama_outbox_oldest_age_seconds} (age of the oldest of them, 0 when none). A scrape only reads the
 * values of the last count, which a cheap query on the reactive pool refreshes every {@code outbox.metrics-interval}
 * (docs/decisions/0026-business-metrics.md): no query per scrape, nothing blocking an event loop.
 *
 * <p>The age is the database's {@code now()} minus the row's {@code created_at}, the moment of the change it
 * announces; both come from the wall clock in production. A failed count keeps the last values (and logs): an
 * outage of the database shows in readiness, and the relay is stuck too.
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {
    /** The oldest row by position, on the partial index of unpublished rows; count(*) walks that small index too. */
    static final String BACKLOG = "select count(*) as pending, coalesce(greatest(0, extract(epoch from now() - "
            + "(select created_at from outbox_event where published_at is null order by seq limit 1))), 0) as age"
            + " from outbox_event where published_at is null";

    private final Pool pool;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    public OutboxMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("microdrama.outbox.pending", pending, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka")
                .register(registry);
        Gauge.builder("microdrama.outbox.oldest.age.seconds", oldestAgeMillis, age -> age.get() / 1000.0)
                .description("Age of the oldest unpublished outbox row, 0 when none")
                .register(registry);
    }

    // the default is OutboxConfig's; the first count right after start, so a fresh service shows its backlog
    @Scheduled(every = "${outbox.metrics-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query(BACKLOG).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong("pending"));
                    oldestAgeMillis.set(Math.round(row.getNumeric("age").doubleValue() * 1000));
                })
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("outbox backlog count failed, gauges keep their last values: %s", failure.toString());
                    return null;
                });
    }

    /** Unpublished rows at the last count. */
    public long pending() {
        return pending.get();
    }
}
