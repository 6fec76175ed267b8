package com.microdrama.storeemulator.appstore;

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
 * A tiny App Store Server Notifications endpoint on a free port, one path per test app ({@code /apple/<name>}): it
 * records each body and answers 500 to as many first deliveries as a test asks.
 */
final class NotificationReceiver {

    record Received(String body, int answered) {
    }

    private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static String base;

    private NotificationReceiver() {
    }

    static synchronized String url(String name) {
        if (base == null) {
            start();
        }
        return base + "/apple/" + name;
    }

    static List<Received> received(String name) {
        return RECEIVED.getOrDefault(name, List.of());
    }

    static void failNext(String name, int times) {
        FAILURES.put(name, new AtomicInteger(times));
    }

    private static void start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/apple/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/apple/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            AtomicInteger failures = FAILURES.get(name);
            int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
            RECEIVED.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(new Received(body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "apple-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
