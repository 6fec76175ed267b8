package com.microdrama.stripeemulator.webhook;

import com.microdrama.stripeemulator.EmulatorConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers each event to the configured endpoint out of band, signed like Stripe; a non-2xx answer or a timeout is
 * retried after the configured delays (Stripe's backoff, shortened locally), then the delivery counts as failed.
 */
@ApplicationScoped
public class WebhookDelivery {

    /** One event's delivery: {@code pending}, {@code retrying}, {@code delivered} or {@code failed}, and its attempts. */
    public record Delivery(String eventId, String type, String url, String status, List<Attempt> attempts) {
    }

    public record Attempt(long at, Integer httpStatus, String error) {
    }

    private final EmulatorConfig.Webhook config;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-delivery");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Delivery> deliveries = new LinkedHashMap<>();

    private void record(Delivery delivery) {
        synchronized (deliveries) {
            deliveries.put(delivery.eventId(), delivery);
        }
    }

    public WebhookDelivery(EmulatorConfig config, Clock clock) {
        this.config = config.webhook();
        this.clock = clock;
        if (this.config.url().isPresent() && this.config.secret().isEmpty()) {
            throw new IllegalStateException("emulator.webhook.url is set but emulator.webhook.secret (STRIPE_WEBHOOK_SECRET) is not");
        }
    }

    public boolean enabled() {
        return config.url().isPresent();
    }

    public void enqueue(String eventId, String type, String payload) {
        if (!enabled()) {
            return;
        }
        Delivery delivery = new Delivery(eventId, type, config.url().get(), "pending", List.of());
        record(delivery);
        executor.execute(() -> attempt(delivery, payload));
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries.values());
        }
    }

    private void attempt(Delivery delivery, String payload) {
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", WebhookSignature.header(payload, config.secret().orElseThrow(), now))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            Integer status = response == null ? null : response.statusCode();
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String error = cause == null ? null : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            boolean ok = status != null && status >= 200 && status < 300;
            List<Attempt> attempts = new ArrayList<>(delivery.attempts());
            attempts.add(new Attempt(now, status, error));
            boolean last = attempts.size() > config.retryDelays().size();
            Delivery next = new Delivery(delivery.eventId(), delivery.type(), delivery.url(),
                    ok ? "delivered" : last ? "failed" : "retrying", List.copyOf(attempts));
            record(next);
            if (ok) {
                return;
            }
            if (last) {
                Log.warnf("webhook %s (%s) to %s failed after %d attempts", delivery.eventId(), delivery.type(), delivery.url(), attempts.size());
                return;
            }
            Duration delay = config.retryDelays().get(attempts.size() - 1);
            Log.infof("webhook %s (%s) answered %s; retry %d in %s", delivery.eventId(), delivery.type(),
                    status != null ? status : error, attempts.size(), delay);
            executor.schedule(() -> attempt(next, payload), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
