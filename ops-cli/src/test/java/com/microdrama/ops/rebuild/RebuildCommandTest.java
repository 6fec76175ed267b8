package com.microdrama.ops.rebuild;

import com.microdrama.ops.Cli;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rebuild entitlements against a stand-in for Keycloak and entitlement-service speaking the documented shapes (the
 * real rebuild would replace the live entitlement tables, which a test must not do).
 */
class RebuildCommandTest {
    private HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    private volatile String finalState = "SWAPPED";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/realms/microdrama/protocol/openid-connect/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add("token " + form);
            reply(ex, 200, "{\"access_token\":\"tok-123\"}");
        });
        server.createContext("/api/entitlements/admin/rebuild", ex -> {
            calls.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            if (ex.getRequestMethod().equals("POST")) {
                reply(ex, 202, "{\"jobId\":\"job-1\",\"state\":\"RUNNING\",\"phase\":\"PREPARING\",\"recordsRead\":0}");
            } else if (polls.incrementAndGet() < 3) {
                reply(ex, 200, "{\"jobId\":\"job-1\",\"state\":\"RUNNING\",\"phase\":\"REPLAYING\",\"recordsRead\":50,"
                        + "\"recordsToRead\":100,\"eventsPerSecond\":500.0}");
            } else {
                reply(ex, 200, "{\"jobId\":\"job-1\",\"state\":\"" + finalState + "\",\"phase\":\"DONE\",\"recordsRead\":100,"
                        + "\"recordsToRead\":100,\"eventsPerSecond\":480.5,\"entitlementsAfter\":42}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private Cli.Result run() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Cli.run("rebuild", "entitlements", "--entitlement-url", url, "--keycloak-url", url, "--poll-interval", "10");
    }

    @Test
    void startsTheJobWithAnAdminTokenAndFollowsItUntilSwapped() {
        Cli.Result r = run();
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(calls.get(0).contains("grant_type=password") && calls.get(0).contains("client_id=app")
                && calls.get(0).contains("username=admin"), calls.get(0));
        assertEquals("POST /api/entitlements/admin/rebuild Bearer tok-123", calls.get(1));
        assertEquals("GET /api/entitlements/admin/rebuild/job-1 Bearer tok-123", calls.get(2));
        assertTrue(r.err().contains("read 50/100") && r.err().contains("500.0 events/s"), r.err());
        assertTrue(r.out().contains("\"entitlementsAfter\" : 42"), r.out());
    }

    @Test
    void aFailedJobExitsWith1() {
        finalState = "FAILED";
        assertEquals(1, run().exitCode());
    }

    @Test
    void anUnreachableServiceIsAClearError() {
        Cli.Result r = Cli.run("rebuild", "entitlements", "--entitlement-url", "http://127.0.0.1:1",
                "--keycloak-url", "http://127.0.0.1:" + server.getAddress().getPort());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("cannot reach http://127.0.0.1:1"), r.err());
    }
}
