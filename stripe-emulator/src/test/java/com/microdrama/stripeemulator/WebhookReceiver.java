package com.microdrama.stripeemulator;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny webhook endpoint on a free port, configured as the emulator's endpoint for every test: it records what it
 * receives and answers 500 to the first attempts of payloads carrying a marker the test chose. Under
 * {@code /endpoints/<name>} it also stands for webhook endpoints a test creates through the API, recorded apart by
 * name so that the configured endpoint's record stays what the other tests expect.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    public record Received(String payload, String signature, int answered) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, List<Received>> AT_ENDPOINT = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> ENDPOINT_FAILURES = new ConcurrentHashMap<>();
    private static volatile String base;
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> STALLS = new ConcurrentHashMap<>();
    private HttpServer server;

    /** The next {@code times} deliveries whose payload contains {@code marker} are answered with 500. */
    public static void failFirst(String marker, int times) {
        FAILURES.put(marker, new AtomicInteger(times));
    }

    /** The next {@code times} deliveries whose payload contains {@code marker} are answered only after 3 s. */
    public static void stallFirst(String marker, int times) {
        STALLS.put(marker, new AtomicInteger(times));
    }

    /** The URL of a receiving endpoint of this name, for {@code webhook_endpoints} a test creates. */
    public static String endpointUrl(String name) {
        return base + "/endpoints/" + name;
    }

    /** What the endpoint of this name received, in order. */
    public static List<Received> receivedAt(String name) {
        return AT_ENDPOINT.getOrDefault(name, List.of());
    }

    /** The next {@code times} deliveries to the endpoint of this name are answered with 500. */
    public static void failAtEndpoint(String name, int times) {
        ENDPOINT_FAILURES.put(name, new AtomicInteger(times));
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/payments/webhooks/stripe", exchange -> {
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (matches(STALLS, payload)) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = matches(FAILURES, payload) ? 500 : 200;
            RECEIVED.add(new Received(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/endpoints/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/endpoints/".length());
            String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            AtomicInteger failures = ENDPOINT_FAILURES.get(name);
            int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
            AT_ENDPOINT.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                    .add(new Received(payload, exchange.getRequestHeaders().getFirst("Stripe-Signature"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("emulator.webhook.url", base + "/api/payments/webhooks/stripe");
    }

    private static boolean matches(Map<String, AtomicInteger> rules, String payload) {
        return rules.entrySet().stream().anyMatch(r -> payload.contains(r.getKey()) && r.getValue().getAndDecrement() > 0);
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
