package com.microdrama.payment.pack;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Cancels pack purchases nobody paid for in time (decision 0019); the time comes from the injected Clock. */
@ApplicationScoped
public class AbandonedPurchaseJob {
    private final AbandonedPurchases purchases;

    public AbandonedPurchaseJob(AbandonedPurchases purchases) {
        this.purchases = purchases;
    }

    // the defaults are PaymentConfig.Purchase's
    @Scheduled(every = "${payment.purchase.abandon-interval}", delayed = "${payment.purchase.abandon-initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return purchases.cancelDue()
                .onFailure().invoke(e -> Log.warnf("Abandoned purchase pass failed: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .replaceWithVoid();
    }
}
