package com.microdrama.entitlement.ledger;

import com.microdrama.support.metrics.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Access granted and ended, {@code microdrama_grants_total{change="granted|revoked"}}: every change the ledger rules
 * announce (purchases, VIP, refunds, admin grants and revocations), counted once the transaction that made it
 * committed (docs/decisions/0026-business-metrics.md). A redelivered event is not applied again, so it counts
 * nothing; the rebuild announces nothing and counts nothing.
 */
@Startup
@ApplicationScoped
public class GrantMetrics {
    private final Counter granted;
    private final Counter revoked;

    public GrantMetrics(MeterRegistry registry) {
        this.granted = counter(registry, "granted");
        this.revoked = counter(registry, "revoked");
    }

    /** For a Hibernate transaction wrapped in {@link AfterCommit#counting}. */
    public void changed(LedgerRules.Change change) {
        Counter counter = counter(change);
        AfterCommit.count(counter::increment);
    }

    /** For a plain SQL transaction: run the returned action after it committed. */
    public Runnable committed(List<LedgerRules.Announcement> announcements) {
        long grants = announcements.stream().filter(a -> a.change() == LedgerRules.Change.GRANTED).count();
        long ends = announcements.size() - grants;
        return () -> {
            if (grants > 0) {
                granted.increment(grants);
            }
            if (ends > 0) {
                revoked.increment(ends);
            }
        };
    }

    private Counter counter(LedgerRules.Change change) {
        return change == LedgerRules.Change.GRANTED ? granted : revoked;
    }

    private static Counter counter(MeterRegistry registry, String change) {
        return Counter.builder("microdrama.grants").description("Entitlements granted and ended")
                .tag("change", change).register(registry);
    }
}
