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
 * receives and answers 500 to the first attempts of payloads carrying a marker the test chose.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    public record Received(String payload, String signature, int answered) {
    }

    public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
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
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        return Map.of("emulator.webhook.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/payments/webhooks/stripe");
    }

    private static boolean matches(Map<String, AtomicInteger> rules, String payload) {
        return rules.entrySet().stream().anyMatch(r -> payload.contains(r.getKey()) && r.getValue().getAndDecrement() > 0);
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
