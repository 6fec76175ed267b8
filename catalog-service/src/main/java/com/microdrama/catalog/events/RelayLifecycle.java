package com.microdrama.catalog.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * When the relay may run a pass: only between start and shutdown. Before the start, Reactive Messaging may not
 * have connected the catalog-events emitter yet; after shutdown began, messaging, the scheduler and the database
 * pool are being closed under it, and a pass would only fail (or re-create the relay bean after its emitter is gone)
 * and log errors for events that stay marked anyway. The gate closes at the earliest shutdown priority, before any
 * extension starts closing.
 */
@Singleton
public class RelayLifecycle implements Scheduled.SkipPredicate {
    /** Observers of ShutdownEvent that must run before any extension closes anything. */
    static final int BEFORE_EVERYTHING = Interceptor.Priority.PLATFORM_BEFORE;

    private volatile boolean started;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    void onShutdown(@Observes @Priority(BEFORE_EVERYTHING) ShutdownEvent event) {
        stopping = true;
    }

    /** Whether a new relay pass may start now. */
    public boolean open() {
        return started && !stopping;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !open();
    }
}
