package com.microdrama.ops.rebuild;

import com.microdrama.ops.Cli;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    /** When set, the stand-in answers every POST (start) or GET (status) with this status and body. */
    private volatile int startRefusal;
    private volatile int statusRefusal;
    private volatile String refusalBody = "";
    private volatile int tokenStatus = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/realms/microdrama/protocol/openid-connect/token", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add("token " + form);
            if (tokenStatus != 200) {
                reply(ex, tokenStatus, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");
                return;
            }
            reply(ex, 200, "{\"access_token\":\"tok-123\"}");
        });
        server.createContext("/api/entitlements/admin/rebuild", ex -> {
            calls.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            if (ex.getRequestMethod().equals("POST") && startRefusal != 0) {
                reply(ex, startRefusal, refusalBody);
            } else if (ex.getRequestMethod().equals("GET") && statusRefusal != 0) {
                reply(ex, statusRefusal, refusalBody);
            } else if (ex.getRequestMethod().equals("POST")) {
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

    private Cli.Result run(String... more) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> args = new ArrayList<>(List.of("rebuild", "entitlements", "--entitlement-url", url, "--keycloak-url", url,
                "--poll-interval", "10"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String problem(int status, String slug, String detail, String extra) {
        return "{\"type\":\"https://microdrama.example/problems/" + slug + "\",\"status\":" + status + ",\"detail\":\""
                + detail + "\"" + extra + "}";
    }

    private long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
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
        assertTrue(r.err().contains("cannot reach http://127.0.0.1:1") && r.err().contains("connection refused")
                && r.err().contains("--entitlement-url"), r.err());
    }

    @Test
    @Timeout(30) // before the fix this looped, signing in and polling without pause, for ever
    void aTokenTheServiceNeverAcceptsEndsAfterOneFreshSignInInsteadOfLoopingForever() {
        statusRefusal = 401;
        refusalBody = problem(401, "unauthorized", "A valid bearer token from the microdrama realm is required.", "");
        Cli.Result r = run("--job", "job-1");
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(2, count("token "), calls.toString());
        assertEquals(2, count("GET "), calls.toString());
        assertTrue(r.err().contains("rejected a freshly issued admin token (401)") && r.err().contains("microdrama-api"), r.err());
    }

    @Test
    void aUserWithoutTheAdminRoleIsToldWhichRoleIsMissing() {
        startRefusal = 403;
        refusalBody = problem(403, "forbidden", "The token does not allow this operation.", "");
        Cli.Result r = run("--admin-user", "support", "--admin-password", "support");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("'support' may not start a rebuild") && r.err().contains("role 'admin'"), r.err());
        assertFalse(r.err().contains("{"), "no raw JSON: " + r.err());
    }

    @Test
    void aUrlWithoutTheRebuildApiNamesTheOptionToFix() {
        startRefusal = 404;
        refusalBody = problem(404, "not-found", "Not Found.", "");
        Cli.Result r = run();
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("no rebuild API at http://127.0.0.1:") && r.err().contains("--entitlement-url"), r.err());
    }

    @Test
    void aRunningRebuildIsNamedSoItCanBeFollowed() {
        startRefusal = 409;
        refusalBody = problem(409, "rebuild-running", "Rebuild job-7 has not finished yet", ",\"jobId\":\"job-7\"");
        Cli.Result r = run();
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("follow it with --job job-7"), r.err());
    }

    @Test
    void wrongAdminCredentialsAreAClearErrorAndStartNothing() {
        tokenStatus = 401;
        Cli.Result r = run("--admin-password", "wrong");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("Keycloak refused the sign-in of 'admin'") && r.err().contains("wrong user name or password"),
                r.err());
        assertEquals(0, count("POST "), calls.toString());
    }

    @Test
    void aMalformedUrlIsAUsageError() {
        Cli.Result r = Cli.run("rebuild", "entitlements", "--entitlement-url", "not a url");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--entitlement-url 'not a url' is not an http(s) URL"), r.err());
    }
}
