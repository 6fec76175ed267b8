package com.microdrama.stripeemulator.store;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Work Stripe does after answering (a test clock advancing, a refund failing later), under the store's lock. */
@ApplicationScoped
public class Background {

    private final Store store;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "emulator-background");
        t.setDaemon(true);
        return t;
    });

    public Background(Store store) {
        this.store = store;
    }

    public void later(Duration delay, Runnable work) {
        executor.schedule(() -> {
            try {
                store.locked(work);
            } catch (RuntimeException e) {
                Log.error("background work failed", e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
