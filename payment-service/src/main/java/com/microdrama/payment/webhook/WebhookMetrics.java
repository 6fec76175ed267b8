package com.microdrama.payment.webhook;

import com.microdrama.payment.pack.PurchaseMetrics;
import com.microdrama.payment.store.StoreProducts;
import com.microdrama.support.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Provider webhook deliveries by outcome, {@code microdrama_webhooks_total{provider, outcome}}, once per delivery
 * (docs/decisions/0026-business-metrics.md): {@code processed} (applied), {@code duplicate} (its event id was
 * applied before), {@code ignored} (recorded but nothing to apply: late, unknown, rejected as not matching) and
 * {@code invalid_signature} (refused before anything was read). Providers: stripe, app-store, play.
 */
@Startup
@ApplicationScoped
public class WebhookMetrics {
    static final List<String> OUTCOMES = List.of("processed", "duplicate", "ignored", "invalid_signature");

    private final CounterFamily webhooks;

    public WebhookMetrics(MeterRegistry registry) {
        this.webhooks = new CounterFamily(registry, "microdrama.webhooks", "Provider webhook deliveries by outcome",
                "provider", "outcome");
        for (String provider : List.of(StripeWebhookService.PROVIDER, StoreProducts.APP_STORE, StoreProducts.PLAY)) {
            for (String outcome : OUTCOMES) {
                webhooks.register(provider, outcome);
            }
        }
    }

    /** Called once the delivery's transaction committed (or found its event id already applied). */
    public void delivered(String provider, ProviderEventLog.Result result) {
        webhooks.increment(provider, outcome(result));
    }

    public void invalidSignature(String provider) {
        webhooks.increment(provider, "invalid_signature");
    }

    /** The outcome label of a recorded delivery: the outcome texts start with "ignored" or "rejected" when nothing applied. */
    static String outcome(ProviderEventLog.Result result) {
        if (result.duplicate()) {
            return "duplicate";
        }
        String outcome = result.outcome();
        return outcome.startsWith("ignored") || outcome.startsWith("rejected") ? "ignored" : "processed";
    }
}
