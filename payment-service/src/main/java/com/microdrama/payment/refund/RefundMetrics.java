package com.microdrama.payment.refund;

import com.microdrama.payment.pack.PurchaseMetrics;
import com.microdrama.support.metrics.AfterCommit;
import com.microdrama.support.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Money given back, {@code microdrama_refunds_total{provider, kind="refund|dispute"}}: a refund (the admin's or the
 * provider's, in full or in part) or a chargeback of a coin pack or a VIP subscription, by the provider that took the
 * money; counted once the refund's transaction committed (docs/decisions/0026-business-metrics.md). An unlock's
 * refund gives coins back, not money: it shows in {@code microdrama_coins_total{movement="credited"}}.
 */
@Startup
@ApplicationScoped
public class RefundMetrics {
    private final CounterFamily refunds;

    public RefundMetrics(MeterRegistry registry) {
        this.refunds = new CounterFamily(registry, "microdrama.refunds",
                "Refunds and chargebacks of coin packs and subscriptions", "provider", "kind");
        for (String provider : PurchaseMetrics.PROVIDERS) {
            refunds.register(provider, "refund").register(provider, "dispute");
        }
    }

    void refunded(String provider, boolean chargeback) {
        AfterCommit.count(() -> refunds.increment(provider, chargeback ? "dispute" : "refund"));
    }
}
