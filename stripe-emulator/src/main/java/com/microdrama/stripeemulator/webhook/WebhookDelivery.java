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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers each event to the configured endpoint out of band, signed like Stripe; a non-2xx answer or a timeout is
 * retried after the configured delays (Stripe's backoff, shortened locally), then the delivery counts as failed.
 */
@ApplicationScoped
public class WebhookDelivery {

    /** One event's delivery and its attempts, as the control surface lists them. */
    public record Delivery(String eventId, String type, String url, List<Attempt> attempts, String[] state) {
        public String status() {
            return state[0];
        }
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
        Delivery delivery = new Delivery(eventId, type, config.url().get(), new ArrayList<>(), new String[] {"pending"});
        synchronized (deliveries) {
            deliveries.put(eventId, delivery);
        }
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
            String error = failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage();
            boolean ok = status != null && status >= 200 && status < 300;
            int attemptsSoFar;
            synchronized (deliveries) {
                delivery.attempts().add(new Attempt(now, status, error));
                attemptsSoFar = delivery.attempts().size();
                delivery.state()[0] = ok ? "delivered" : attemptsSoFar > config.retryDelays().size() ? "failed" : "retrying";
            }
            if (ok) {
                return;
            }
            if (attemptsSoFar > config.retryDelays().size()) {
                Log.warnf("webhook %s (%s) to %s failed after %d attempts", delivery.eventId(), delivery.type(), delivery.url(), attemptsSoFar);
                return;
            }
            Duration delay = config.retryDelays().get(attemptsSoFar - 1);
            Log.infof("webhook %s (%s) answered %s; retry %d in %s", delivery.eventId(), delivery.type(),
                    status != null ? status : error, attemptsSoFar, delay);
            executor.schedule(() -> attempt(delivery, payload), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
