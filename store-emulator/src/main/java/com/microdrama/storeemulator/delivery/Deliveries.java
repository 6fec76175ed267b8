package com.microdrama.storeemulator.delivery;

import com.microdrama.storeemulator.EmulatorConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * POSTs JSON to a URL as a store sends a notification: a non-2xx answer, a timeout or a refused connection is tried
 * again after each of {@code emulator.delivery.retry-delays}, then the delivery counts as failed. Store-neutral: the
 * App Store and Play halves build their own bodies and keep their own ids; this keeps every delivery's attempts.
 */
@ApplicationScoped
public class Deliveries {

    private final EmulatorConfig.Delivery config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, DeliveryState> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "store-delivery");
        t.setDaemon(true);
        return t;
    });

    public Deliveries(EmulatorConfig config) {
        this.config = config.delivery();
    }

    /**
     * Makes the first attempt now, so the caller can answer with its outcome, and leaves the retries to the
     * background. {@code id} must be unique (a notification UUID, a Pub/Sub message id).
     */
    public DeliveryState deliverNow(String id, String url, String json, Map<String, String> headers) {
        states.put(id, DeliveryState.pending(id, url));
        return attempt(id, json, headers);
    }

    /** Queues the first attempt instead of making it now. */
    public DeliveryState deliverLater(String id, String url, String json, Map<String, String> headers) {
        DeliveryState pending = DeliveryState.pending(id, url);
        states.put(id, pending);
        executor.execute(() -> attempt(id, json, headers));
        return pending;
    }

    /** Records a body the caller will post itself, so that listings show it as {@code not-sent}. */
    public DeliveryState notSent(String id) {
        DeliveryState state = DeliveryState.notSent(id);
        states.put(id, state);
        return state;
    }

    public Optional<DeliveryState> state(String id) {
        return Optional.ofNullable(states.get(id));
    }

    private DeliveryState attempt(String id, String json, Map<String, String> headers) {
        DeliveryState before = states.get(id);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(before.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        Integer status = null;
        String error = null;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        boolean ok = status != null && status >= 200 && status < 300;
        List<Duration> delays = config.retryDelays();
        boolean last = before.attempts() + 1 > delays.size();
        DeliveryState after = before.after(new DeliveryState.Attempt(System.currentTimeMillis(), status, error),
                ok ? DeliveryState.DELIVERED : last ? DeliveryState.FAILED : DeliveryState.RETRYING);
        states.put(id, after);
        if (ok) {
            return after;
        }
        if (last) {
            Log.warnf("delivery %s to %s failed after %d attempts", id, after.url(), after.attempts());
            return after;
        }
        Duration delay = delays.get(after.attempts() - 1);
        Log.infof("delivery %s to %s answered %s; attempt %d in %s", id, after.url(), status != null ? status : error,
                after.attempts() + 1, delay);
        executor.schedule(() -> attempt(id, json, headers), delay.toMillis(), TimeUnit.MILLISECONDS);
        return after;
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }
}
