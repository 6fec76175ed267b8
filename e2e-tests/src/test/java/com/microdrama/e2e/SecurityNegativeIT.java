package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import com.microdrama.testsupport.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The negative security suite, end to end through the gateway with real Keycloak tokens: forged and misplaced tokens,
 * one user reaching for another's data, role escalation, hostile input in every text field, oversize bodies, the
 * gateway's own rules (operator paths, CORS, rate limits). Every case is one row of a table and checks the status,
 * that the answer is a problem (never a stack trace) and, where the call could change state, that the attacker's and
 * the victim's wallets are exactly as before. The last test checks wallets, ledgers, purchases and entitlements of
 * both once more. Prints {@code negative cases tried: N} at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityNegativeIT {
    private static final String SERIES = "midnight-contract";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_BASE = "https://microdrama.example/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final String SQL_DROP = "'; DROP TABLE wallet; --";
    private static final String SQL_OR = "' OR '1'='1";
    private static final String NOSQL = "{\"$gt\":\"\"}";
    private static final String XSS = "<script>alert(1)</script>";
    private static final String LONG = "x".repeat(10_000);
    private static final String UNICODE = "エピソード😀\u202e\u0301";
    private static final String NUL = "ep\u0000isode";
    private static final String TRAVERSAL = "../../q/health";
    private static final String CRLF = "ep\r\nX-Injected: 1";
    /** Hostile text for string fields and path segments. */
    private static final Map<String, String> HOSTILE_STRINGS = orderedMap(
            "SQL drop", SQL_DROP, "SQL or-true", SQL_OR, "NoSQL operator text", NOSQL, "script tag", XSS,
            "10k chars", LONG, "unicode+bidi", UNICODE, "NUL byte", NUL, "path traversal", TRAVERSAL, "CR LF", CRLF);
    /** Values of the wrong JSON type, as raw JSON. */
    private static final Map<String, String> WRONG_TYPES = orderedMap(
            "null", "null", "number 123", "123", "boolean", "true", "array [\"a\"]", "[\"a\"]",
            "object {$gt}", "{\"$gt\":\"\"}", "huge number 1e400", "1e400");

    private final AtomicInteger tried = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notBuilt = Collections.synchronizedList(new ArrayList<>());

    // actors: attacker A and victim B have coins; C ("smuggler") starts empty and is used where a case may spend
    private String attacker;
    private String attackerId;
    private String attackerName;
    private String victim;
    private String victimId;
    private String smuggler;
    private String admin;
    private String support;
    private String serviceWithRole;
    private String serviceWithoutRole;
    // tokens an attacker could present
    private String expired;
    private String noAudience;
    private String idToken;
    private String otherRealm;

    private String ep4;
    private String ep5;
    private int priceEp4;
    private int priceEp5;
    private String packId;
    private int packCoins;
    private String victimPurchaseId;
    private String victimPurchaseKey;
    private Map<String, Object> victimPurchaseBody;

    private String walletA;
    private String walletB;
    private int ledgerA;
    private int ledgerB;
    private int entitlementsA;
    private int entitlementsB;
    private Map<String, JsonNode> openApi = new LinkedHashMap<>();

    // ------------------------------------------------------------------------------------------------------------
    // Setup: fresh users, real purchases and an unlock for the victim, test-only Keycloak clients
    // ------------------------------------------------------------------------------------------------------------

    @BeforeAll
    void createActorsWithMoneyAndEntitlements() {
        KeycloakTestClients.ensureTestClients();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        attackerName = "e2e-sec-attacker-" + suffix;
        String victimName = "e2e-sec-victim-" + suffix;
        KeycloakUsers.createUser(attackerName, attackerName);
        KeycloakUsers.createUser(victimName, victimName);
        attacker = KeycloakTokens.userToken(attackerName, attackerName);
        victim = KeycloakTokens.userToken(victimName, victimName);
        smuggler = KeycloakUsers.newViewerToken("e2e-sec-smuggler");
        attackerId = KeycloakTokens.subject(attacker);
        victimId = KeycloakTokens.subject(victim);
        admin = KeycloakTokens.userToken("admin", "admin");
        support = KeycloakTokens.userToken("support", "support");
        serviceWithRole = KeycloakTokens.serviceToken("catalog-service");
        serviceWithoutRole = KeycloakTokens.serviceToken("entitlement-service");

        expired = KeycloakTestClients.passwordGrant(KeycloakTestClients.SHORT_LIVED, attackerName, attackerName)
                .path("access_token").asText();
        JsonNode app = KeycloakTestClients.passwordGrant("app", attackerName, attackerName);
        idToken = app.path("id_token").asText();
        noAudience = KeycloakTestClients.passwordGrant(KeycloakTestClients.NO_AUDIENCE, attackerName, attackerName)
                .path("access_token").asText();
        assertFalse(ForgedTokens.claims(noAudience).path("aud").toString().contains("microdrama-api"),
                "precondition: the e2e-no-audience client must mint tokens without audience microdrama-api");
        assertFalse(idToken.isBlank(), "precondition: Keycloak returns an ID token for scope openid");
        otherRealm = KeycloakTestClients.masterAdminToken();

        JsonNode series = json(call("GET", "/api/catalog/series/" + SERIES, null, null, Map.of()), 200);
        for (JsonNode episode : series.path("episodes")) {
            if (episode.path("number").asInt() == 4) {
                ep4 = episode.path("id").asText();
                priceEp4 = episode.path("priceCoins").asInt();
            } else if (episode.path("number").asInt() == 5) {
                ep5 = episode.path("id").asText();
                priceEp5 = episode.path("priceCoins").asInt();
            }
        }
        assertTrue(ep4 != null && ep5 != null && priceEp4 > 0 && priceEp5 > 0, "the flagship has paid episodes 4 and 5");
        choosePack(Math.max(priceEp4, priceEp5));

        victimPurchaseKey = UUID.randomUUID().toString();
        victimPurchaseBody = Map.of("packId", packId);
        victimPurchaseId = json(call("POST", "/api/payments/pack-purchases", bearer(victim), victimPurchaseBody,
                Map.of("Idempotency-Key", victimPurchaseKey)), 201).path("purchaseId").asText();
        json(call("POST", "/api/payments/episode-unlocks", bearer(victim), Map.of("episodeId", ep4), Map.of()), 201);
        json(call("POST", "/api/payments/pack-purchases", bearer(attacker), Map.of("packId", packId), Map.of()), 201);
        // The victim's unlock reaches entitlement-service through Kafka; wait so the snapshot below is final.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertTrue(json(call("GET", "/api/entitlements/check?episodeId=" + enc(ep4), bearer(victim), null, Map.of()), 200)
                        .path("allowed").asBoolean(), "victim's unlock of episode 4 reached entitlement-service"));

        walletA = wallet(attacker);
        walletB = wallet(victim);
        ledgerA = total("/api/payments/wallet/ledger", attacker);
        ledgerB = total("/api/payments/wallet/ledger", victim);
        entitlementsA = total("/api/entitlements/me", attacker);
        entitlementsB = total("/api/entitlements/me", victim);
        assertNotEquals(walletA, walletB, "precondition: attacker and victim wallets differ, so a swap would show");
        assertTrue(entitlementsB > entitlementsA, "precondition: the victim owns more than the attacker");

        Map<String, Integer> servicePorts = Map.of("payment-service", port("PAYMENT_PORT", 8081),
                "entitlement-service", port("ENTITLEMENT_PORT", 8082), "catalog-service", port("CATALOG_PORT", 8083));
        for (var service : servicePorts.entrySet()) {
            // Operators' port, not the gateway: the list of routes that exist right now.
            Reply doc = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.getValue() + "/q/openapi?format=json")).GET());
            assertEquals(200, doc.status(), service.getKey() + " serves /q/openapi on its own port");
            openApi.put(service.getKey(), parse(doc.body()).path("paths"));
        }
    }

    @AfterAll
    void printTheCount() {
        System.out.println("negative cases tried: " + tried.get());
        System.out.println("[security] failed: " + failures.size() + (failures.isEmpty() ? "" : "\n[security]   "
                + String.join("\n[security]   ", failures)));
        if (!notBuilt.isEmpty()) {
            System.out.println("[security] not built yet, left out: " + String.join("; ", notBuilt));
        }
        assertTrue(tried.get() >= 40, "at least 40 negative cases must run, ran " + tried.get());
    }

    // ------------------------------------------------------------------------------------------------------------
    // 1. Tokens that must be refused (401) by every service
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(1)
    Stream<DynamicTest> forgedMisplacedAndExpiredTokensAreRefusedWith401AndChangeNothing() {
        waitUntilExpired(expired);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("empty bearer", "Bearer ");
        tokens.put("garbage bearer", "Bearer not-a-token");
        tokens.put("three garbage segments", "Bearer aaa.bbb.ccc");
        tokens.put("Basic credentials", "Basic " + Base64.getEncoder().encodeToString((attackerName + ":" + attackerName).getBytes(StandardCharsets.UTF_8)));
        tokens.put("expired token", bearer(expired));
        tokens.put("exp extended in payload", bearer(ForgedTokens.tamperedPayload(expired, p -> p.put("exp", p.path("exp").asLong() + 3600))));
        tokens.put("master-realm admin token", bearer(otherRealm));
        tokens.put("tampered signature", bearer(ForgedTokens.tamperedSignature(attacker)));
        tokens.put("payload sub=victim, signature kept", bearer(ForgedTokens.tamperedPayload(attacker, p -> p.put("sub", victimId))));
        tokens.put("payload roles+admin, signature kept", bearer(ForgedTokens.tamperedPayload(attacker,
                p -> ((ArrayNode) p.withObject("/realm_access").withArray("roles")).add("admin").add("service"))));
        tokens.put("alg none sub=victim", bearer(ForgedTokens.unsigned(attacker, p -> p.put("sub", victimId))));
        tokens.put("HS256 re-signed sub=victim", bearer(ForgedTokens.hs256(attacker, p -> p.put("sub", victimId), "secret")));
        tokens.put("no microdrama-api audience", bearer(noAudience));
        tokens.put("ID token instead of access token", bearer(idToken));

        List<DynamicTest> cases = new ArrayList<>();
        tokens.forEach((name, auth) -> {
            cases.add(refused("GET /api/payments/wallet with " + name, () -> call("GET", "/api/payments/wallet", auth, null, Map.of()), false, 401));
            cases.add(refused("POST /api/payments/episode-unlocks with " + name,
                    () -> call("POST", "/api/payments/episode-unlocks", auth, Map.of("episodeId", ep5), Map.of()), true, 401));
            cases.add(refused("POST /api/payments/pack-purchases with " + name,
                    () -> call("POST", "/api/payments/pack-purchases", auth, Map.of("packId", packId), Map.of()), true, 401));
            cases.add(refused("GET /api/entitlements/me with " + name, () -> call("GET", "/api/entitlements/me", auth, null, Map.of()), false, 401));
            // service-only path: the gateway does not route it at all, whatever the token
            cases.add(refused("GET /api/entitlements/users/{victim}/check with " + name + " → 404 at the gateway",
                    () -> call("GET", "/api/entitlements/users/" + victimId + "/check?episodeId=" + enc(ep4), auth, null, Map.of()), false, 404));
            cases.add(refused("POST /api/catalog/episodes/{paid, victim owns}/playback with " + name,
                    () -> call("POST", "/api/catalog/episodes/" + enc(ep4) + "/playback", auth, null, Map.of()), false, 401));
        });
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------------------
    // 2. One user reaching for another's data; ids and prices smuggled in parameters, headers and bodies
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(2)
    Stream<DynamicTest> oneUserCannotReadOrSpendAnothersThings() {
        String victimCheck = "/api/entitlements/users/" + victimId + "/check?episodeId=" + enc(ep4);
        String victimSeries = "/api/entitlements/users/" + victimId + "/series/" + SERIES;
        List<DynamicTest> cases = new ArrayList<>();
        cases.add(refused("attacker GETs the victim's pack purchase by id → 404",
                () -> call("GET", "/api/payments/pack-purchases/" + victimPurchaseId, bearer(attacker), null, Map.of()), false,
                r -> assertFalse(r.body().contains(victimId), "no trace of the victim in the answer"), 404));
        // The service-only paths are not routed by the gateway (404 problem), not even for a service token that has
        // the role; entitlement-service itself still refuses other callers (ServiceCallersIT, ServiceAccessIT).
        Map<String, String> notAllowed = orderedMap("user token", attacker, "support token", support,
                "service account without role service", serviceWithoutRole, "service account with role service", serviceWithRole);
        for (var who : notAllowed.entrySet()) {
            cases.add(refused("GET /api/entitlements/users/{victim}/check with " + who.getKey() + " → 404 at the gateway",
                    () -> call("GET", victimCheck, bearer(who.getValue()), null, Map.of()), false, 404));
            cases.add(refused("GET /api/entitlements/users/{victim}/series/{s} with " + who.getKey() + " → 404 at the gateway",
                    () -> call("GET", victimSeries, bearer(who.getValue()), null, Map.of()), false, 404));
        }
        cases.add(accepted("GET /api/payments/wallet?userId=victim answers the caller's own wallet",
                () -> call("GET", "/api/payments/wallet?userId=" + victimId + "&user=" + victimId, bearer(attacker), null, Map.of()),
                r -> assertEquals(walletA, walletOf(parse(r.body())), "attacker sees their own wallet, not the victim's")));
        cases.add(accepted("GET /api/payments/wallet with X-User-Id/X-Forwarded-User=victim answers the caller's own wallet",
                () -> call("GET", "/api/payments/wallet", bearer(attacker), null,
                        Map.of("X-User-Id", victimId, "X-Forwarded-User", victimId, "X-Auth-Request-User", victimId)),
                r -> assertEquals(walletA, walletOf(parse(r.body())))));
        cases.add(accepted("GET /api/payments/wallet/ledger?userId=victim lists the caller's own ledger",
                () -> call("GET", "/api/payments/wallet/ledger?userId=" + victimId, bearer(attacker), null, Map.of()),
                r -> assertEquals(ledgerA, parse(r.body()).path("total").asInt())));
        cases.add(accepted("GET /api/entitlements/me?userId=victim lists the caller's own entitlements",
                () -> call("GET", "/api/entitlements/me?userId=" + victimId, bearer(attacker), null, Map.of()),
                r -> assertEquals(entitlementsA, parse(r.body()).path("total").asInt())));
        cases.add(accepted("GET /api/entitlements/check?episodeId=<victim's>&userId=victim says not allowed for the caller",
                () -> call("GET", "/api/entitlements/check?episodeId=" + enc(ep4) + "&userId=" + victimId, bearer(attacker), null, Map.of()),
                r -> assertFalse(parse(r.body()).path("allowed").asBoolean())));
        cases.add(accepted("GET /api/entitlements/series/{s}?userId=victim shows the victim's episode locked for the caller",
                () -> call("GET", "/api/entitlements/series/" + SERIES + "?userId=" + victimId, bearer(attacker), null, Map.of()),
                r -> assertFalse(episodeIn(parse(r.body()), ep4).path("allowed").asBoolean())));
        cases.add(accepted("GET /api/catalog/series/{s} as attacker shows the victim's unlocked episode locked",
                () -> call("GET", "/api/catalog/series/" + SERIES + "?userId=" + victimId, bearer(attacker), null, Map.of()),
                r -> assertTrue(episodeIn(parse(r.body()), ep4).path("locked").asBoolean())));
        cases.add(refused("POST playback of the victim's episode with ?userId=victim as attacker → 402",
                () -> call("POST", "/api/catalog/episodes/" + enc(ep4) + "/playback?userId=" + victimId, bearer(attacker), null,
                        Map.of("X-User-Id", victimId)), false, 402));
        cases.add(refused("POST episode-unlocks {episodeId, userId: victim} by an empty wallet → 402, victim not charged",
                () -> call("POST", "/api/payments/episode-unlocks", bearer(smuggler), Map.of("episodeId", ep5, "userId", victimId), Map.of()),
                true, 402));
        cases.add(accepted("POST pack-purchases reusing the victim's Idempotency-Key and naming the victim creates the caller's own purchase",
                () -> call("POST", "/api/payments/pack-purchases", bearer(smuggler),
                        Map.of("packId", packId, "userId", victimId, "coins", 999_999, "price", Map.of("amount", "0.01", "currency", "USD")),
                        Map.of("Idempotency-Key", victimPurchaseKey)),
                r -> {
                    JsonNode purchase = parse(r.body());
                    assertEquals(201, r.status());
                    assertNotEquals(victimPurchaseId, purchase.path("purchaseId").asText(), "not a replay of the victim's answer");
                    assertNull(r.header("Idempotent-Replayed"), "an idempotency key is per user");
                    assertEquals(packCoins, purchase.path("coins").asInt(packCoins), "coins from the pack, not from the body");
                    assertStateUnchanged();
                }));
        cases.add(accepted("POST episode-unlocks with priceCoins/coinsSpent 1 in the body pays the catalog price",
                () -> call("POST", "/api/payments/episode-unlocks", bearer(smuggler),
                        Map.of("episodeId", ep5, "priceCoins", 1, "coinsSpent", 1, "price", 0), Map.of()),
                r -> {
                    assertEquals(201, r.status());
                    assertEquals(priceEp5, parse(r.body()).path("coinsSpent").asInt(), "the client's price is ignored");
                    assertStateUnchanged();
                }));
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------------------
    // 3. Admin endpoints (as far as they exist now, from the services' OpenAPI) refuse users, support and services
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(3)
    Stream<DynamicTest> adminEndpointsRefuseUserSupportAndServiceTokens() {
        List<DynamicTest> cases = new ArrayList<>();
        expectBuilt("payment-service", "/api/payments/admin/refunds", "post");
        expectBuilt("entitlement-service", "/api/entitlements/admin/grants", "post");
        expectBuilt("entitlement-service", "/api/entitlements/admin/grants/{id}", "delete");
        if (openApi.get("catalog-service").properties().stream().noneMatch(e -> e.getKey().contains("/admin"))) {
            notBuilt.add("catalog-service /api/catalog/admin/… (no admin route in its OpenAPI)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purchaseId", victimPurchaseId);
        body.put("userId", victimId);
        body.put("episodeId", ep5);
        body.put("seriesId", SERIES);
        body.put("reason", "e2e security test: must be refused");
        body.put("kind", "EPISODE");
        body.put("validUntil", "2099-01-01T00:00:00Z");
        openApi.forEach((service, paths) -> paths.properties().forEach(route -> {
            if (!route.getKey().contains("/admin")) {
                return;
            }
            String path = fillPathParameters(route.getKey());
            for (Iterator<String> methods = route.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                boolean write = !method.equals("GET");
                Object payload = write && !method.equals("DELETE") ? body : null;
                cases.add(refused(method + " " + route.getKey() + " with a user token → 403",
                        () -> call(method, path, bearer(attacker), payload, Map.of()), write, 403));
                if (write) {
                    cases.add(refused(method + " " + route.getKey() + " with the support role → 403",
                            () -> call(method, path, bearer(support), payload, Map.of()), true, 403));
                    cases.add(refused(method + " " + route.getKey() + " with a service account (role service) → 403",
                            () -> call(method, path, bearer(serviceWithRole), payload, Map.of()), true, 403));
                }
            }
        }));
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------------------
    // 4. Provider webhook without / with a wrong signature
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(4)
    Stream<DynamicTest> stripeWebhookWithoutOrWithWrongSignatureIsRefusedWith400() {
        if (!expectBuilt("payment-service", "/api/payments/webhooks/stripe", "post")) {
            return Stream.empty();
        }
        String event = "{\"id\":\"evt_e2e_" + UUID.randomUUID() + "\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":"
                + "{\"id\":\"pi_e2e\",\"object\":\"payment_intent\",\"status\":\"succeeded\",\"metadata\":{\"purchaseId\":\""
                + victimPurchaseId + "\",\"userId\":\"" + victimId + "\"}}}}";
        long now = System.currentTimeMillis() / 1000;
        Map<String, Map<String, String>> signatures = orderedMap(
                "no Stripe-Signature", Map.of(),
                "garbage Stripe-Signature", Map.of("Stripe-Signature", "garbage"),
                "wrong v1 signature", Map.of("Stripe-Signature", "t=" + now + ",v1=" + "ab".repeat(32)),
                "stale timestamp", Map.of("Stripe-Signature", "t=" + (now - 3600) + ",v1=" + "cd".repeat(32)));
        return signatures.entrySet().stream().map(s -> refused("POST /api/payments/webhooks/stripe, " + s.getKey() + " → 400",
                () -> call("POST", "/api/payments/webhooks/stripe", null, event, s.getValue()), true, 400));
    }

    // ------------------------------------------------------------------------------------------------------------
    // 5. Hostile input in every text field and path segment: 400/404 problem, never 500, nothing changed
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(5)
    Stream<DynamicTest> hostileInputInEveryFieldGetsA400Or404ProblemAndChangesNothing() {
        List<DynamicTest> cases = new ArrayList<>();
        Map<String, String> bodyFields = orderedMap("/api/payments/pack-purchases", "packId",
                "/api/payments/episode-unlocks", "episodeId", "/api/payments/series-unlocks", "seriesId");
        bodyFields.forEach((path, field) -> {
            HOSTILE_STRINGS.forEach((name, value) -> cases.add(refused("POST " + path + " {" + field + ": " + name + "}",
                    () -> call("POST", path, bearer(attacker), Map.of(field, value), Map.of()), true, 400, 404)));
            WRONG_TYPES.forEach((name, raw) -> cases.add(refused("POST " + path + " {" + field + ": " + name + "}",
                    () -> call("POST", path, bearer(attacker), "{\"" + field + "\":" + raw + "}", Map.of()), true, 400, 404)));
            Map<String, String> bodies = orderedMap(
                    "truncated JSON", "{\"" + field + "\": ",
                    "empty body", "",
                    "empty object", "{}",
                    "top-level array", "[{\"" + field + "\":\"x\"}]",
                    "10k nested arrays", "[".repeat(10_000) + "]".repeat(10_000),
                    "duplicate keys", "{\"" + field + "\":" + write(SQL_DROP) + ",\"" + field + "\":" + write(NOSQL) + "}",
                    "unescaped quotes in a string", "{\"" + field + "\":\"" + NOSQL + "\"}");
            bodies.forEach((name, raw) -> cases.add(refused("POST " + path + " with " + name,
                    () -> call("POST", path, bearer(attacker), raw, Map.of()), true, 400, 404)));
            cases.add(refused("POST " + path + " as text/plain → 415",
                    () -> call("POST", path, bearer(attacker), "{\"" + field + "\":\"x\"}", Map.of("Content-Type", "text/plain")), true, 415));
        });

        Map<String, String> segmentRoutes = orderedMap(
                "GET /api/payments/pack-purchases/{x}", "GET /api/payments/pack-purchases/%s",
                "GET /api/entitlements/series/{x}", "GET /api/entitlements/series/%s",
                "GET /api/entitlements/check?episodeId={x}", "GET /api/entitlements/check?episodeId=%s",
                "GET /api/catalog/series/{x}", "GET /api/catalog/series/%s",
                "POST /api/catalog/episodes/{x}/playback", "POST /api/catalog/episodes/%s/playback");
        Map<String, String> segmentValues = new LinkedHashMap<>(HOSTILE_STRINGS);
        segmentValues.put("10k chars", "x".repeat(5_000)); // a whole 10k URL is refused by the HTTP layer (414)
        segmentRoutes.forEach((name, template) -> segmentValues.forEach((valueName, value) -> {
            String method = template.substring(0, template.indexOf(' '));
            String path = String.format(template.substring(template.indexOf(' ') + 1), enc(value));
            cases.add(refused(name + " with x = " + valueName, () -> call(method, path, bearer(attacker), null, Map.of()),
                    false, 400, 404, 414));
        }));

        // Search must treat input as text: none of these is in any title, so nothing may match.
        Map<String, String> searches = new LinkedHashMap<>(HOSTILE_STRINGS);
        searches.remove("10k chars");
        searches.put("LIKE wildcards", "%_%");
        searches.forEach((name, q) -> cases.add(refused("GET /api/catalog/series?q=" + name + " matches nothing",
                () -> call("GET", "/api/catalog/series?q=" + enc(q), null, null, Map.of()), false,
                r -> {
                    if (r.status() == 200) {
                        assertEquals(0, parse(r.body()).path("total").asInt(), "no title contains " + name);
                    }
                }, 200, 400)));

        Map<String, String> paging = orderedMap(
                "ledger size=100000", "/api/payments/wallet/ledger?size=100000",
                "ledger page=-1", "/api/payments/wallet/ledger?page=-1",
                "ledger size=abc", "/api/payments/wallet/ledger?size=abc",
                "ledger size=0", "/api/payments/wallet/ledger?size=0",
                "entitlements/me size=-5", "/api/entitlements/me?size=-5",
                "entitlements/me page=abc", "/api/entitlements/me?page=abc",
                "catalog series size=-1", "/api/catalog/series?size=-1");
        paging.forEach((name, path) -> cases.add(refused("GET with " + name,
                () -> call("GET", path, bearer(attacker), null, Map.of()), false, 400, 404)));
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------------------
    // 6. Bodies over 1 MB stop at the gateway
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(6)
    Stream<DynamicTest> bodiesOverOneMegabyteAreRefusedWith413() {
        String big = "{\"packId\":\"" + "a".repeat(1_100_000) + "\"}";
        List<DynamicTest> cases = new ArrayList<>();
        for (String path : List.of("/api/payments/pack-purchases", "/api/payments/episode-unlocks", "/api/payments/series-unlocks",
                "/api/entitlements/me", "/api/catalog/episodes/" + ep4 + "/playback")) {
            cases.add(refused("POST " + path + " with a 1.1 MB body → 413", () -> call("POST", path, bearer(attacker), big, Map.of()), true, 413));
        }
        cases.add(refused("POST /api/payments/pack-purchases with a chunked 1.1 MB body (no Content-Length) → 413",
                () -> send(HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/payments/pack-purchases"))
                        .header("Authorization", bearer(attacker)).header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))),
                true, 413));
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------------------
    // 7. The gateway's own rules: operator paths, methods, request ids, response headers
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(7)
    Stream<DynamicTest> gatewayHidesOperatorPathsAndHardensEveryAnswer() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String path : List.of("/q/health", "/q/health/ready", "/q/openapi", "/q/metrics", "/q/dev/", "/q",
                "/api/payments/../../q/health", "/api/payments/%2e%2e/%2e%2e/q/health", "/api/payments/..%2F..%2Fq/openapi",
                "/api/entitlements/%2E%2E/%2E%2E/q/health/ready", "//q/health", "/api/catalog/../../q/openapi?format=json")) {
            cases.add(refused("GET " + path + " through the gateway → 404", () -> call("GET", path, null, null, Map.of()), false,
                    r -> assertFalse(r.body().contains("\"checks\"") || r.body().contains("openapi"), "no operator document leaks"), 404));
        }
        cases.add(refused("GET with a 12k-character path → 414 problem from the gateway",
                () -> call("GET", "/api/catalog/series/" + "x".repeat(12_000), null, null, Map.of()), false, 414));
        cases.add(refused("GET with a 12k-character header → 400 problem from the gateway",
                () -> call("GET", "/api/catalog/series", null, null, Map.of("X-Padding", "x".repeat(12_000))), false, 400, 431));
        cases.add(refused("GET with a NUL byte (%00) in the path → 400 problem from the gateway",
                () -> call("GET", "/api/catalog/series/a%00b", null, null, Map.of()), false, 400));
        for (String method : List.of("TRACE", "PROPFIND", "DEBUG")) {
            cases.add(refused(method + " /api/catalog/series → 405", () -> call(method, "/api/catalog/series", null, null, Map.of()),
                    false, 405, 400));
        }
        for (String rid : List.of("<script>alert(1)</script>", "a".repeat(200), "id with spaces")) {
            cases.add(refused("X-Request-Id '" + rid.substring(0, Math.min(rid.length(), 20)) + "…' is replaced, not echoed",
                    () -> call("GET", "/api/catalog/series", null, null, Map.of("X-Request-Id", rid)), false,
                    r -> {
                        assertNotEquals(rid, r.header("X-Request-Id"));
                        assertTrue(r.header("X-Request-Id").matches("[A-Za-z0-9._:-]{1,128}"), "a generated id instead");
                    }, 200));
        }
        for (String path : List.of("/api/payments/wallet", "/api/entitlements/me")) {
            cases.add(refused("GET " + path + " answers with security headers and Cache-Control: no-store",
                    () -> call("GET", path, bearer(attacker), null, Map.of()), false,
                    r -> {
                        assertEquals("no-store", r.header("Cache-Control"));
                        assertEquals("nosniff", r.header("X-Content-Type-Options"));
                        assertEquals("DENY", r.header("X-Frame-Options"));
                        assertEquals("no-referrer", r.header("Referrer-Policy"));
                    }, 200));
        }
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------------------
    // 8. CORS: listed origins only
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(8)
    Stream<DynamicTest> corsAnswersOnlyTheListedOrigins() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String origin : List.of("http://127.0.0.1:3000", "http://localhost:3000")) {
            cases.add(refused("preflight from allowed origin " + origin + " → 204 with CORS headers",
                    () -> preflight(origin), false, r -> {
                        assertEquals(origin, r.header("Access-Control-Allow-Origin"));
                        String allowed = String.valueOf(r.header("Access-Control-Allow-Headers")).toLowerCase();
                        for (String h : List.of("authorization", "content-type", "idempotency-key", "x-request-id")) {
                            assertTrue(allowed.contains(h), "Access-Control-Allow-Headers has " + h + ": " + allowed);
                        }
                        assertTrue(String.valueOf(r.header("Access-Control-Allow-Methods")).contains("POST"));
                    }, 204));
            cases.add(refused("GET from allowed origin " + origin + " exposes X-Request-Id and Retry-After",
                    () -> call("GET", "/api/catalog/series", null, null, Map.of("Origin", origin)), false, r -> {
                        assertEquals(origin, r.header("Access-Control-Allow-Origin"));
                        String exposed = String.valueOf(r.header("Access-Control-Expose-Headers"));
                        assertTrue(exposed.contains("X-Request-Id") && exposed.contains("Retry-After"), exposed);
                    }, 200));
        }
        for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:3000.evil.example",
                "https://127.0.0.1:3000", "http://localhost:30000", "http://127.0.0.1:3001", "*")) {
            cases.add(refused("preflight from disallowed origin " + origin + " gets no CORS headers",
                    () -> preflight(origin), false, SecurityNegativeIT::assertNoCorsHeaders, 204, 403));
            cases.add(refused("GET from disallowed origin " + origin + " gets no CORS headers",
                    () -> call("GET", "/api/catalog/series", null, null, Map.of("Origin", origin)), false,
                    SecurityNegativeIT::assertNoCorsHeaders, 200));
        }
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------------------
    // 9. Rate limits: a parallel flood gets 429 + Retry-After, and the client recovers
    // ------------------------------------------------------------------------------------------------------------

    @TestFactory
    @Order(9)
    Stream<DynamicTest> floodsAreCutWith429AndRetryAfter() {
        String flooder = KeycloakUsers.newViewerToken("e2e-sec-flooder");
        return Stream.of(
                flood("80 parallel GET /api/payments/wallet with one token (per-token limit)", 80,
                        () -> HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/payments/wallet"))
                                .header("Authorization", bearer(flooder)).GET()),
                flood("120 parallel anonymous GET /api/catalog/series from one IP (per-IP limit)", 120,
                        () -> HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/catalog/series?size=1")).GET()));
    }

    // ------------------------------------------------------------------------------------------------------------
    // 10. After everything: the attacker's and the victim's money and access are exactly as before
    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void afterAllAttacksWalletsLedgersPurchasesAndEntitlementsAreUnchanged() throws InterruptedException {
        Thread.sleep(2_000); // anything wrongly published would reach entitlement-service within this time
        assertStateUnchanged();
        assertEquals(ledgerA, total("/api/payments/wallet/ledger", attacker), "attacker's ledger");
        assertEquals(ledgerB, total("/api/payments/wallet/ledger", victim), "victim's ledger");
        assertEquals(entitlementsA, total("/api/entitlements/me", attacker), "attacker's entitlements");
        assertEquals(entitlementsB, total("/api/entitlements/me", victim), "victim's entitlements");
        JsonNode purchase = json(call("GET", "/api/payments/pack-purchases/" + victimPurchaseId, bearer(victim), null, Map.of()), 200);
        assertEquals("COMPLETED", purchase.path("status").asText(), "victim's purchase not refunded or altered");
        assertTrue(json(call("GET", "/api/entitlements/check?episodeId=" + enc(ep4), bearer(victim), null, Map.of()), 200)
                .path("allowed").asBoolean(), "victim still owns episode 4");
    }

    // ------------------------------------------------------------------------------------------------------------
    // The table machinery
    // ------------------------------------------------------------------------------------------------------------

    interface Call {
        Reply get();
    }

    record Reply(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private DynamicTest refused(String name, Call call, boolean mayChangeState, int... expected) {
        return refused(name, call, mayChangeState, r -> { }, expected);
    }

    /** A case: send, count it, then check status, problem shape, no stack trace, extra checks and (if it could) no state change. */
    private DynamicTest refused(String name, Call call, boolean mayChangeState, Consumer<Reply> extra, int... expected) {
        return DynamicTest.dynamicTest(name, counted(name, () -> {
            Reply reply = call.get();
            tried.incrementAndGet();
            assertTrue(Arrays.stream(expected).anyMatch(s -> s == reply.status()),
                    "expected " + Arrays.toString(expected) + " but got " + reply);
            assertSafeAnswer(reply);
            extra.accept(reply);
            if (mayChangeState) {
                assertStateUnchanged();
            }
        }));
    }

    /** A case whose request is legitimate but must act on the caller only (its extra check says how). */
    private DynamicTest accepted(String name, Call call, Consumer<Reply> check) {
        return DynamicTest.dynamicTest(name, counted(name, () -> {
            Reply reply = call.get();
            tried.incrementAndGet();
            assertTrue(reply.status() < 300, "expected success but got " + reply);
            assertSafeAnswer(reply);
            check.accept(reply);
        }));
    }

    private DynamicTest flood(String name, int requests, java.util.function.Supplier<HttpRequest.Builder> request) {
        return DynamicTest.dynamicTest(name, counted(name, () -> {
            List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, requests)
                    .mapToObj(i -> HTTP.sendAsync(request.get().timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()))
                    .toList();
            List<Reply> replies = inFlight.stream().map(CompletableFuture::join)
                    .map(r -> new Reply(r.statusCode(), r.body(), r.headers().map())).toList();
            tried.incrementAndGet();
            Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
            assertTrue(byStatus.containsKey(429), "a flood of " + requests + " gets some 429: " + byStatus);
            assertTrue(byStatus.keySet().stream().allMatch(s -> s == 200 || s == 429), "only 200 or 429: " + byStatus);
            Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
            assertTrue(String.valueOf(limited.header("Retry-After")).matches("[1-9][0-9]*"),
                    "429 carries Retry-After in seconds: " + limited.headers());
            assertSafeAnswer(limited);
            assertTrue(parse(limited.body()).path("type").asText().endsWith("/rate-limited"), limited.body());
            // The bucket drains at the configured rate: a well-behaved client is served again shortly.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertEquals(200, send(request.get()).status()));
        }));
    }

    private Executable counted(String name, Executable body) {
        return () -> {
            try {
                body.execute();
            } catch (AssertionError | RuntimeException e) {
                failures.add(name + " :: " + String.valueOf(e.getMessage()).replace('\n', ' '));
                throw e;
            }
        };
    }

    /** No stack trace, and an error with a body is an RFC 9457 problem whose status matches. */
    private static void assertSafeAnswer(Reply reply) {
        for (String leak : List.of("Exception", "at com.", "at io.", "at java.", "at org.", "\tat ")) {
            assertFalse(reply.body().contains(leak), "answer leaks '" + leak + "': " + reply);
        }
        if (reply.status() >= 400 && !reply.body().isBlank()) {
            assertTrue(String.valueOf(reply.contentType()).startsWith(PROBLEM_JSON), "error is problem+json: " + reply);
            JsonNode problem = parse(reply.body());
            assertTrue(problem.path("type").asText().startsWith(PROBLEM_BASE), "problem type: " + reply);
            assertEquals(reply.status(), problem.path("status").asInt(reply.status()), "problem status: " + reply);
        }
    }

    private void assertStateUnchanged() {
        assertEquals(walletA, wallet(attacker), "attacker's wallet unchanged");
        assertEquals(walletB, wallet(victim), "victim's wallet unchanged");
    }

    private static void assertNoCorsHeaders(Reply reply) {
        for (String h : List.of("Access-Control-Allow-Origin", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers")) {
            assertNull(reply.header(h), h + " must not be sent to a disallowed origin: " + reply.headers());
        }
    }

    private Reply preflight(String origin) {
        return send(HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + "/api/payments/episode-unlocks"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key,x-request-id"));
    }

    // ------------------------------------------------------------------------------------------------------------
    // HTTP helpers (java.net.http: raw paths are sent exactly as written, nothing is normalized client-side)
    // ------------------------------------------------------------------------------------------------------------

    /** body: null, a raw String, or an object serialized as JSON. POSTs get a fresh Idempotency-Key unless given. */
    private static Reply call(String method, String pathAndQuery, String authorization, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Platform.gatewayUrl() + pathAndQuery));
        String text = body == null ? null : body instanceof String s ? s : write(body);
        request.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (text != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (method.equals("POST") && !headers.containsKey("Idempotency-Key")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        request.header("Accept", "application/json");
        headers.forEach(request::header);
        return send(request);
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException("gateway not reachable at " + Platform.gatewayUrl() + " (bash deploy/local/platform.sh status)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(Reply reply, int expectedStatus) {
        assertEquals(expectedStatus, reply.status(), () -> "unexpected answer: " + reply);
        return parse(reply.body());
    }

    private static String wallet(String token) {
        return walletOf(json(call("GET", "/api/payments/wallet", bearer(token), null, Map.of()), 200));
    }

    private static String walletOf(JsonNode wallet) {
        return "balance=" + wallet.path("balance").asInt() + " paid=" + wallet.path("paidCoins").asInt()
                + " bonus=" + wallet.path("bonusCoins").asInt();
    }

    private static int total(String path, String token) {
        return json(call("GET", path, bearer(token), null, Map.of()), 200).path("total").asInt();
    }

    private static JsonNode episodeIn(JsonNode seriesAnswer, String episodeId) {
        for (JsonNode episode : seriesAnswer.path("episodes")) {
            if (episodeId.equals(episode.path("episodeId").asText(episode.path("id").asText()))) {
                return episode;
            }
        }
        return fail("episode " + episodeId + " not in " + seriesAnswer);
    }

    private void choosePack(int coinsNeeded) {
        JsonNode packs = json(call("GET", "/api/payments/packs", bearer(victim), null, Map.of()), 200);
        JsonNode best = null;
        for (JsonNode pack : packs) {
            int coins = pack.path("coins").asInt() + pack.path("bonusCoins").asInt();
            if (coins >= coinsNeeded && (best == null || pack.path("coins").asInt() < best.path("coins").asInt())) {
                best = pack;
            }
        }
        assertTrue(best != null, "a pack gives at least " + coinsNeeded + " coins: " + packs);
        packId = best.path("id").asText();
        packCoins = best.path("coins").asInt();
    }

    private boolean expectBuilt(String service, String path, String method) {
        JsonNode route = openApi.get(service).path(path);
        boolean built = route.has(method);
        if (!built) {
            notBuilt.add(method.toUpperCase() + " " + path);
        }
        return built;
    }

    private String fillPathParameters(String template) {
        StringBuilder path = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (!path.isEmpty() || !segment.isEmpty()) {
                path.append('/');
            }
            if (segment.startsWith("{")) {
                String param = segment.toLowerCase();
                segment = param.contains("purchase") ? victimPurchaseId
                        : param.contains("user") ? victimId
                        : param.contains("series") ? SERIES
                        : param.contains("episode") ? ep4
                        : UUID.randomUUID().toString();
            }
            path.append(segment);
        }
        return path.toString().replace("//", "/");
    }

    private static void waitUntilExpired(String token) {
        long exp = ForgedTokens.claims(token).path("exp").asLong();
        long waitMillis = (exp + 2) * 1000 - System.currentTimeMillis();
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int port(String env, int fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
