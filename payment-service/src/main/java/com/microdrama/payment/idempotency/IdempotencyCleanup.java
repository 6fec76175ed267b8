package com.microdrama.payment.idempotency;

import com.microdrama.payment.config.PaymentConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Forgets idempotency keys after the retention (at least 24 h: clients may retry for a day). */
@ApplicationScoped
public class IdempotencyCleanup {
    private static final Duration MINIMUM = Duration.ofHours(24);
    private final Duration retention;

    public IdempotencyCleanup(PaymentConfig config) {
        Duration retention = config.idempotency().retention();
        this.retention = retention.compareTo(MINIMUM) < 0 ? MINIMUM : retention;
    }

    // the default is PaymentConfig.Idempotency's
    @Scheduled(every = "${payment.idempotency.cleanup-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> s.createNativeQuery(
                                        "delete from idempotency_key where created_at < now() - (:seconds * interval '1 second')")
                                .setParameter("seconds", retention.toSeconds())
                                .executeUpdate()))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        Log.infof("Purged %d idempotency keys older than %s", deleted, retention);
                    }
                })
                .onFailure().invoke(e -> Log.warnf("Idempotency key cleanup failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
