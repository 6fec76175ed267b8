package com.microdrama.payment.wallet;

import com.microdrama.support.metrics.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Coins moving through the wallets, {@code microdrama_coins_total{movement}}: credited (a purchase's paid and bonus
 * coins, an unlock's coins given back), spent (unlocks), expired (bonus lots whose time ran out), clawed_back (a
 * refunded pack's coins taken back). Counted by {@link WalletLedger}, the one place coins move, once the transaction
 * committed (docs/decisions/0026-business-metrics.md). Admin adjustments are not counted.
 */
@Startup
@ApplicationScoped
public class CoinMetrics {
    private final Counter credited;
    private final Counter spent;
    private final Counter expired;
    private final Counter clawedBack;

    public CoinMetrics(MeterRegistry registry) {
        this.credited = counter(registry, "credited");
        this.spent = counter(registry, "spent");
        this.expired = counter(registry, "expired");
        this.clawedBack = counter(registry, "clawed_back");
    }

    void credited(long coins) {
        add(credited, coins);
    }

    void spent(long coins) {
        add(spent, coins);
    }

    void expired(long coins) {
        add(expired, coins);
    }

    void clawedBack(long coins) {
        add(clawedBack, coins);
    }

    private static void add(Counter counter, long coins) {
        if (coins > 0) {
            AfterCommit.count(() -> counter.increment(coins));
        }
    }

    private static Counter counter(MeterRegistry registry, String movement) {
        return Counter.builder("microdrama.coins").description("Coins moved through the wallets")
                .tag("movement", movement).register(registry);
    }
}
