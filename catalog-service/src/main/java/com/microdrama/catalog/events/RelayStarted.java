package com.microdrama.catalog.events;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Holds the relay back until the application has started: the scheduler may fire before Reactive Messaging has
 * connected the catalog-events emitter, and creating the relay then fails.
 */
@Singleton
public class RelayStarted implements Scheduled.SkipPredicate {
    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return !started;
    }
}
