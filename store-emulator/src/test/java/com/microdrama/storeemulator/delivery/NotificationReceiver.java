package com.microdrama.storeemulator.delivery;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny endpoint on a free port standing for payment-service's store webhooks, for the tests of either store: under
 * {@code /receive/<name>} it records what it receives, each test under a name of its own, and answers 500 to as many
 * first deliveries as a test asks (200 otherwise).
 */
public final class NotificationReceiver {

    public record Received(String body, String authorization, String userAgent, String contentType, int answered) {
    }

    private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static String base;

    private NotificationReceiver() {
    }

    /** The URL of this name (the receiver starts on first use and lives as long as the tests). */
    public static synchronized String url(String name) {
        if (base == null) {
            start();
        }
        return base + "/receive/" + name;
    }

    public static List<Received> received(String name) {
        return RECEIVED.getOrDefault(name, List.of());
    }

    public static void failFirst(String name, int times) {
        FAILURES.put(name, new AtomicInteger(times));
    }

    private static void start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/receive/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/receive/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            AtomicInteger failures = FAILURES.get(name);
            int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
            var headers = exchange.getRequestHeaders();
            RECEIVED.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(new Received(body,
                    headers.getFirst("Authorization"), headers.getFirst("User-Agent"), headers.getFirst("Content-Type"), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "notification-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
