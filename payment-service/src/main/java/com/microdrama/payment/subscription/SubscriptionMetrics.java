package com.microdrama.payment.subscription;

import com.microdrama.events.EventTypes;
import com.microdrama.support.metrics.AfterCommit;
import com.microdrama.support.metrics.CounterFamily;
import com.microdrama.payment.pack.PurchaseMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * VIP subscriptions by state and renewals by outcome (docs/observability.md, docs/decisions/0026-business-metrics.md):
 * <ul>
 *   <li>{@code microdrama_vip_subscriptions{state}}: the open subscriptions (incomplete, trialing, active, cancelled,
 *       past_due), counted by a cheap query on the reactive pool every {@code payment.metrics.interval} (on the
 *       partial index of open subscriptions); a scrape reads the last count. Ended ones (expired, refunded) only grow
 *       and are left out.</li>
 *   <li>{@code microdrama_subscription_renewals_total{provider, outcome="renewed|failed"}}: a renewal event that moved
 *       the period on, or a billing issue that made the subscription past due, counted once its transaction
 *       committed.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class SubscriptionMetrics {
    static final Set<SubscriptionStatus> OPEN = EnumSet.of(SubscriptionStatus.INCOMPLETE, SubscriptionStatus.TRIALING,
            SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED, SubscriptionStatus.PAST_DUE);
    /** The predicate of uq_subscription_open, so that the count reads that small index. */
    static final String BY_STATE = "select status, count(*) as n from subscription"
            + " where status in ('INCOMPLETE', 'TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE') group by status";

    private final Pool pool;
    private final Map<SubscriptionStatus, AtomicLong> byState = new EnumMap<>(SubscriptionStatus.class);
    private final CounterFamily renewals;

    public SubscriptionMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        for (SubscriptionStatus status : OPEN) {
            AtomicLong count = new AtomicLong();
            byState.put(status, count);
            Gauge.builder("microdrama.vip.subscriptions", count, AtomicLong::get)
                    .description("Open VIP subscriptions by state")
                    .tag("state", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        this.renewals = new CounterFamily(registry, "microdrama.subscription.renewals",
                "VIP renewals: the period moved on (renewed) or the charge failed (failed)", "provider", "outcome");
        for (String provider : PurchaseMetrics.PROVIDERS) {
            renewals.register(provider, "renewed").register(provider, "failed");
        }
    }

    /** Counts the renewal outcome of a change, if it is one, once the transaction committed. */
    void changed(String provider, SubscriptionState before, SubscriptionState after, String eventType) {
        renewalOutcome(before, after, eventType).ifPresent(outcome ->
                AfterCommit.count(() -> renewals.increment(provider, outcome)));
    }

    /**
     * {@code renewed}: a renewal event whose period ends later than before; {@code failed}: one that made the
     * subscription past due (a billing issue). Anything else (activation, cancel, a stale repeat) is no renewal.
     */
    static Optional<String> renewalOutcome(SubscriptionState before, SubscriptionState after, String eventType) {
        if (!EventTypes.SUBSCRIPTION_RENEWED.equals(eventType)) {
            return Optional.empty();
        }
        if (after.status() == SubscriptionStatus.PAST_DUE && before.status() != SubscriptionStatus.PAST_DUE) {
            return Optional.of("failed");
        }
        if (after.periodEnd().isAfter(before.periodEnd())) {
            return Optional.of("renewed");
        }
        return Optional.empty();
    }

    // the default is PaymentConfig's; the first count right after start
    @Scheduled(every = "${payment.metrics.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query(BY_STATE).execute()
                .invoke(rows -> {
                    Map<SubscriptionStatus, Long> counted = new EnumMap<>(SubscriptionStatus.class);
                    for (Row row : rows) {
                        counted.put(SubscriptionStatus.valueOf(row.getString("status")), row.getLong("n"));
                    }
                    byState.forEach((status, gauge) -> gauge.set(counted.getOrDefault(status, 0L)));
                })
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("subscription count failed, the gauges keep their last values: %s", failure.toString());
                    return null;
                });
    }
}
