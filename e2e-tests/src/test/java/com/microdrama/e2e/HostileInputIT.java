package com.microdrama.e2e;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.bearer;
import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.GatewayCalls.enc;
import static com.microdrama.e2e.GatewayCalls.orderedMap;
import static com.microdrama.e2e.GatewayCalls.parse;
import static com.microdrama.e2e.GatewayCalls.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hostile input in every text field and path segment gets a 400/404 problem, never a 500, and changes nothing. */
class HostileInputIT extends AttackGroup {
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

    @TestFactory
    @Order(1)
    Stream<DynamicTest> hostileInputInEveryFieldGetsA400Or404ProblemAndChangesNothing() {
        List<DynamicTest> cases = new ArrayList<>();
        Map<String, String> bodyFields = orderedMap("/api/payments/pack-purchases", "packId",
                "/api/payments/episode-unlocks", "episodeId", "/api/payments/series-unlocks", "seriesId");
        bodyFields.forEach((path, field) -> {
            HOSTILE_STRINGS.forEach((name, value) -> cases.add(refused("POST " + path + " {" + field + ": " + name + "}",
                    () -> call("POST", path, bearer(fx.attacker), Map.of(field, value), Map.of()), true, 400, 404)));
            WRONG_TYPES.forEach((name, raw) -> cases.add(refused("POST " + path + " {" + field + ": " + name + "}",
                    () -> call("POST", path, bearer(fx.attacker), "{\"" + field + "\":" + raw + "}", Map.of()), true, 400, 404)));
            Map<String, String> bodies = orderedMap(
                    "truncated JSON", "{\"" + field + "\": ",
                    "empty body", "",
                    "empty object", "{}",
                    "top-level array", "[{\"" + field + "\":\"x\"}]",
                    "10k nested arrays", "[".repeat(10_000) + "]".repeat(10_000),
                    "duplicate keys", "{\"" + field + "\":" + write(SQL_DROP) + ",\"" + field + "\":" + write(NOSQL) + "}",
                    "unescaped quotes in a string", "{\"" + field + "\":\"" + NOSQL + "\"}");
            bodies.forEach((name, raw) -> cases.add(refused("POST " + path + " with " + name,
                    () -> call("POST", path, bearer(fx.attacker), raw, Map.of()), true, 400, 404)));
            cases.add(refused("POST " + path + " as text/plain → 415",
                    () -> call("POST", path, bearer(fx.attacker), "{\"" + field + "\":\"x\"}", Map.of("Content-Type", "text/plain")), true, 415));
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
            cases.add(refused(name + " with x = " + valueName, () -> call(method, path, bearer(fx.attacker), null, Map.of()),
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
                () -> call("GET", path, bearer(fx.attacker), null, Map.of()), false, 400, 404)));
        return cases.stream();
    }
}
