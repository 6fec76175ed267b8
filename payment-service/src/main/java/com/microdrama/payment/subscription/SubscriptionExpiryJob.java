package com.microdrama.payment.subscription;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Ends subscriptions whose period and grace ran out without a renewal (the time comes from the injected Clock). */
@ApplicationScoped
public class SubscriptionExpiryJob {
    private final SubscriptionService subscriptions;

    public SubscriptionExpiryJob(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    // the defaults are PaymentConfig.Subscription's
    @Scheduled(every = "${payment.subscription.expiry-interval}", delayed = "${payment.subscription.expiry-initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return subscriptions.expireDue()
                .onFailure().invoke(e -> Log.warnf("Subscription expiry pass failed: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .replaceWithVoid();
    }
}
