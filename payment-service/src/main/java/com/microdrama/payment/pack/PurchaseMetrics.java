package com.microdrama.payment.pack;

import com.microdrama.payment.provider.StripeMoney;
import com.microdrama.payment.store.StoreProducts;
import com.microdrama.support.metrics.AfterCommit;
import com.microdrama.support.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.List;

/**
 * Purchases by provider and status, and revenue in minor units by provider and currency
 * ({@code microdrama_purchases_total}, {@code microdrama_revenue_minor_total}; docs/observability.md). Each is counted
 * where the purchase changes status, once its transaction committed ({@link AfterCommit};
 * docs/decisions/0026-business-metrics.md): an idempotent replay or a rolled-back attempt counts nothing.
 */
@Startup
@ApplicationScoped
public class PurchaseMetrics {
    /** Every provider id the code sells through: the web providers and the stores. */
    public static final List<String> PROVIDERS = List.of("sandbox", "stripe", StoreProducts.APP_STORE, StoreProducts.PLAY);

    private final CounterFamily purchases;
    private final CounterFamily revenue;

    public PurchaseMetrics(MeterRegistry registry) {
        this.purchases = new CounterFamily(registry, "microdrama.purchases",
                "Coin pack purchases that reached a status", "provider", "status");
        this.revenue = new CounterFamily(registry, "microdrama.revenue.minor",
                "Money taken for completed purchases (packs and VIP), in the currency's minor units", "provider", "currency");
        for (String provider : PROVIDERS) {
            for (String status : List.of("completed", "failed", "refunded")) {
                purchases.register(provider, status);
            }
        }
    }

    /** A pack purchase completed: its coins are credited and its price is revenue. */
    public void completed(PackPurchase purchase) {
        String provider = purchase.provider;
        AfterCommit.count(() -> purchases.increment(provider, "completed"));
        paid(provider, purchase.currency, purchase.priceAmount);
    }

    /** A pack purchase failed (declined, cancelled, abandoned). */
    public void failed(String provider) {
        AfterCommit.count(() -> purchases.increment(provider, "failed"));
    }

    /** A pack purchase was refunded in full (a partial refund leaves it completed). */
    public void refunded(String provider) {
        AfterCommit.count(() -> purchases.increment(provider, "refunded"));
    }

    /** Money taken: a pack's price or a VIP period's. */
    public void paid(String provider, String currency, BigDecimal amount) {
        long minor = minorUnits(amount, currency);
        AfterCommit.count(() -> revenue.of(provider, currency).increment(minor));
    }

    /** The amount in the currency's minor units (cents; yen as they are), rounded if the price had more digits. */
    static long minorUnits(BigDecimal amount, String currency) {
        try {
            return StripeMoney.minorUnits(amount, currency);
        } catch (ArithmeticException notStripeShaped) {
            return StripeMoney.minorUnits(amount.setScale(0, java.math.RoundingMode.HALF_UP), currency);
        }
    }
}
