package com.microdrama.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The relay's safety net: Quarkus' simple scheduler fires at most once a second, so prompt delivery comes from
 * {@link OutboxRelay#nudge()} after each commit; the tick picks up whatever a nudge missed (crash, Kafka outage,
 * database outage: a failed pass is logged and the next tick tries again). A second, slow schedule purges rows
 * published longer ago than the retention ({@link OutboxPurge}).
 *
 * <p>A separate bean so that the scheduler never creates the relay itself: the relay's emitter can only be connected
 * once Reactive Messaging has wired its channels, and on a slow start the first tick came before that.
 */
@ApplicationScoped
public class OutboxTick {
    private final OutboxRelay relay;
    private final OutboxPurge purge;
    private volatile boolean started;

    public OutboxTick(OutboxRelay relay, OutboxPurge purge) {
        // a client proxy: the relay itself is created on first use, after start-up
        this.relay = relay;
        this.purge = purge;
    }

    /** Default observer priority: runs after Reactive Messaging's own start-up observer has wired the channels. */
    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    /**
     * No more ticks once the service stops: a tick after the database pool closed only logged "relay pass failed:
     * Pool closed" (rows still waiting are sent by the next start, or by another instance).
     */
    void onStop(@Observes ShutdownEvent event) {
        started = false;
    }

    // the defaults are OutboxConfig's
    @Scheduled(every = "${outbox.interval}", delayed = "${outbox.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return relay.publishPending().replaceWithVoid();
    }

    /** Deletes rows published longer ago than {@code outbox.retention} ({@link OutboxPurge}). */
    @Scheduled(every = "${outbox.purge-interval}", delayed = "${outbox.purge-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        if (!started) {
            return Uni.createFrom().voidItem();
        }
        return purge.purge().replaceWithVoid();
    }
}
