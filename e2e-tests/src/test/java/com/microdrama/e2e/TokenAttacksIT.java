package com.microdrama.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.bearer;
import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.GatewayCalls.enc;

/** Forged, misplaced and expired tokens are refused (401) by every service and change nothing. */
class TokenAttacksIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> forgedMisplacedAndExpiredTokensAreRefusedWith401AndChangeNothing() {
        waitUntilExpired(fx.expired);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("empty bearer", "Bearer ");
        tokens.put("garbage bearer", "Bearer not-a-token");
        tokens.put("three garbage segments", "Bearer aaa.bbb.ccc");
        tokens.put("Basic credentials", "Basic " + Base64.getEncoder().encodeToString((fx.attackerName + ":" + fx.attackerName).getBytes(StandardCharsets.UTF_8)));
        tokens.put("expired token", bearer(fx.expired));
        tokens.put("exp extended in payload", bearer(ForgedTokens.tamperedPayload(fx.expired, p -> p.put("exp", p.path("exp").asLong() + 3600))));
        tokens.put("master-realm admin token", bearer(fx.otherRealm));
        tokens.put("tampered signature", bearer(ForgedTokens.tamperedSignature(fx.attacker)));
        tokens.put("payload sub=victim, signature kept", bearer(ForgedTokens.tamperedPayload(fx.attacker, p -> p.put("sub", fx.victimId))));
        tokens.put("payload roles+admin, signature kept", bearer(ForgedTokens.tamperedPayload(fx.attacker,
                p -> ((ArrayNode) p.withObject("/realm_access").withArray("roles")).add("admin").add("service"))));
        tokens.put("alg none sub=victim", bearer(ForgedTokens.unsigned(fx.attacker, p -> p.put("sub", fx.victimId))));
        tokens.put("HS256 re-signed sub=victim", bearer(ForgedTokens.hs256(fx.attacker, p -> p.put("sub", fx.victimId), "secret")));
        tokens.put("no microdrama-api audience", bearer(fx.noAudience));
        tokens.put("ID token instead of access token", bearer(fx.idToken));

        List<DynamicTest> cases = new ArrayList<>();
        tokens.forEach((name, auth) -> {
            cases.add(refused("GET /api/payments/wallet with " + name, () -> call("GET", "/api/payments/wallet", auth, null, Map.of()), false, 401));
            cases.add(refused("POST /api/payments/episode-unlocks with " + name,
                    () -> call("POST", "/api/payments/episode-unlocks", auth, Map.of("episodeId", fx.ep5), Map.of()), true, 401));
            cases.add(refused("POST /api/payments/pack-purchases with " + name,
                    () -> call("POST", "/api/payments/pack-purchases", auth, Map.of("packId", fx.packId), Map.of()), true, 401));
            cases.add(refused("GET /api/entitlements/me with " + name, () -> call("GET", "/api/entitlements/me", auth, null, Map.of()), false, 401));
            // service-only path: the gateway does not route it at all, whatever the token
            cases.add(refused("GET /api/entitlements/users/{victim}/check with " + name + " → 404 at the gateway",
                    () -> call("GET", "/api/entitlements/users/" + fx.victimId + "/check?episodeId=" + enc(fx.ep4), auth, null, Map.of()), false, 404));
            cases.add(refused("POST /api/catalog/episodes/{paid, victim owns}/playback with " + name,
                    () -> call("POST", "/api/catalog/episodes/" + enc(fx.ep4) + "/playback", auth, null, Map.of()), false, 401));
        });
        return cases.stream();
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
}
