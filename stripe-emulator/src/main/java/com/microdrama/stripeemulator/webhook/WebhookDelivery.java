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
 * Delivers each event out of band to the configured URL and to every enabled webhook endpoint that takes its type,
 * each signed like Stripe with that target's secret; a non-2xx answer or a timeout is retried after the configured
 * delays (Stripe's backoff, shortened locally), each target on its own, then that delivery counts as failed.
 */
@ApplicationScoped
public class WebhookDelivery {

    /**
     * One event's delivery to one target ({@code webhookEndpoint} null for the configured URL): {@code pending},
     * {@code retrying}, {@code delivered}, {@code failed} or {@code canceled} (its endpoint was disabled or deleted
     * before the next attempt), and its attempts.
     */
    public record Delivery(String eventId, String type, String webhookEndpoint, String url, String status, List<Attempt> attempts) {
    }

    /** Where an event goes and the secret it is signed with; {@code webhookEndpoint} null for the configured URL. */
    public record Target(String webhookEndpoint, String url, String secret) {
    }

    public record Attempt(long at, Integer httpStatus, String error) {
    }

    private final EmulatorConfig.Webhook config;
    private final WebhookEndpoints endpoints;
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
            deliveries.put(delivery.eventId() + " " + (delivery.webhookEndpoint() == null ? delivery.url() : delivery.webhookEndpoint()), delivery);
        }
    }

    public WebhookDelivery(EmulatorConfig config, WebhookEndpoints endpoints, Clock clock) {
        this.config = config.webhook();
        this.endpoints = endpoints;
        this.clock = clock;
        if (this.config.url().isPresent() && this.config.secret().isEmpty()) {
            throw new IllegalStateException("emulator.webhook.url is set but emulator.webhook.secret (STRIPE_WEBHOOK_SECRET) is not");
        }
    }

    /** Whether a URL is configured (webhook endpoints created through the API come on top). */
    public boolean enabled() {
        return config.url().isPresent();
    }

    /** Where an event of this type goes now: the configured URL first, then the endpoints. Under the store's lock. */
    public List<Target> targets(String type) {
        List<Target> targets = new ArrayList<>();
        config.url().ifPresent(url -> targets.add(new Target(null, url, config.secret().orElseThrow())));
        targets.addAll(endpoints.targets(type));
        return targets;
    }

    public void enqueue(String eventId, String type, String payload, List<Target> targets) {
        for (Target target : targets) {
            Delivery delivery = new Delivery(eventId, type, target.webhookEndpoint(), target.url(), "pending", List.of());
            record(delivery);
            executor.execute(() -> attempt(delivery, target.secret(), payload));
        }
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries.values());
        }
    }

    private void attempt(Delivery delivery, String secret, String payload) {
        if (delivery.webhookEndpoint() != null && !endpoints.receives(delivery.webhookEndpoint())) {
            Log.infof("webhook %s (%s) to %s canceled: endpoint %s is disabled or deleted", delivery.eventId(), delivery.type(),
                    delivery.url(), delivery.webhookEndpoint());
            record(next(delivery, "canceled", delivery.attempts()));
            return;
        }
        long now = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", WebhookSignature.header(payload, secret, now))
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
            Delivery next = next(delivery, ok ? "delivered" : last ? "failed" : "retrying", attempts);
            record(next);
            if (ok) {
                return;
            }
            if (last) {
                Log.warnf("webhook %s (%s) to %s failed after %d attempts", delivery.eventId(), delivery.type(), delivery.url(), attempts.size());
                return;
            }
            Duration delay = config.retryDelays().get(attempts.size() - 1);
            Log.infof("webhook %s (%s) to %s answered %s; retry %d in %s", delivery.eventId(), delivery.type(), delivery.url(),
                    status != null ? status : error, attempts.size(), delay);
            executor.schedule(() -> attempt(next, secret, payload), delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private static Delivery next(Delivery delivery, String status, List<Attempt> attempts) {
        return new Delivery(delivery.eventId(), delivery.type(), delivery.webhookEndpoint(), delivery.url(), status, List.copyOf(attempts));
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
