package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.e2e.GatewayCalls.Reply;
import com.microdrama.testsupport.KeycloakTokens;
import com.microdrama.testsupport.KeycloakUsers;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static com.microdrama.e2e.GatewayCalls.bearer;
import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.GatewayCalls.enc;
import static com.microdrama.e2e.GatewayCalls.json;
import static com.microdrama.e2e.GatewayCalls.parse;
import static com.microdrama.e2e.GatewayCalls.port;
import static com.microdrama.e2e.GatewayCalls.send;
import static com.microdrama.e2e.GatewayCalls.total;
import static com.microdrama.e2e.GatewayCalls.wallet;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared fixture of the negative security suite (the {@code *IT} classes extending {@link AttackGroup}): an
 * attacker and a victim with money and entitlements (the victim bought a pack and unlocked episode 4), a smuggler with
 * an empty wallet, admin, support and service tokens, expired/ID/no-audience/other-realm tokens from the test-only
 * Keycloak clients, the services' OpenAPI routes, the snapshot every case compares against, and the case counter.
 * Made once per JVM, lazily, by the first group that runs, so any one group also runs alone
 * ({@code -Dit.test=TokenAttacksIT}); closed after the last group, printing {@code negative cases tried: N}.
 */
final class SecurityFixture implements AutoCloseable {
    static final String SERIES = "midnight-contract";

    final AtomicInteger tried = new AtomicInteger();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    final List<String> notBuilt = Collections.synchronizedList(new ArrayList<>());

    // actors: attacker A and victim B have coins; C ("smuggler") starts empty and is used where a case may spend
    String attacker;
    String attackerId;
    String attackerName;
    String victim;
    String victimId;
    String smuggler;
    String admin;
    String support;
    String serviceWithRole;
    String serviceWithoutRole;
    // tokens an attacker could present
    String expired;
    String noAudience;
    String idToken;
    String otherRealm;

    String ep4;
    String ep5;
    int priceEp4;
    int priceEp5;
    String packId;
    int packCoins;
    String victimPurchaseId;
    String victimPurchaseKey;
    Map<String, Object> victimPurchaseBody;

    String walletA;
    String walletB;
    int ledgerA;
    int ledgerB;
    int entitlementsA;
    int entitlementsB;
    final Map<String, JsonNode> openApi = new LinkedHashMap<>();

    /**
     * Hands an attack group the one fixture of this JVM: made by the first group that runs and kept in JUnit's root
     * store, which closes it when the last group is done.
     */
    static final class Provider implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SecurityFixture.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(SecurityFixture.class, key -> new SecurityFixture(), SecurityFixture.class);
        }
    }

    /** Fresh users, real purchases and an unlock for the victim, test-only Keycloak clients, the snapshot. */
    private SecurityFixture() {
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
        JsonNode victimPurchase = json(call("POST", "/api/payments/pack-purchases", bearer(victim), victimPurchaseBody,
                Map.of("Idempotency-Key", victimPurchaseKey)), 201);
        victimPurchaseId = victimPurchase.path("purchaseId").asText();
        // paid at Stripe as the app does; the coins come with Stripe's webhook
        StripeCheckout.pay(victimPurchase.path("clientSecret").asText());
        StripeCheckout.awaitPurchase(() -> Viewer.asUser(victim), victimPurchaseId, "COMPLETED");
        json(call("POST", "/api/payments/episode-unlocks", bearer(victim), Map.of("episodeId", ep4), Map.of()), 201);
        StripeCheckout.buyPack(() -> Viewer.asUser(attacker), packId);
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

    /** Prints the count of every group that ran in this JVM (the suite's {@code negative cases tried: N}). */
    @Override
    public void close() {
        System.out.println("negative cases tried: " + tried.get());
        System.out.println("[security] failed: " + failures.size() + (failures.isEmpty() ? "" : "\n[security]   "
                + String.join("\n[security]   ", failures)));
        if (!notBuilt.isEmpty()) {
            System.out.println("[security] not built yet, left out: " + String.join("; ", notBuilt));
        }
    }

    /** The attacker's and the victim's wallets, exactly as in the snapshot. */
    void assertStateUnchanged() {
        assertEquals(walletA, wallet(attacker), "attacker's wallet unchanged");
        assertEquals(walletB, wallet(victim), "victim's wallet unchanged");
    }

    /** After a group of attacks: wallets, ledgers, the victim's purchase and entitlements are all as before. */
    void assertNothingChanged() throws InterruptedException {
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

    /** Whether the service's OpenAPI document has the route; a missing one is reported as not built yet. */
    boolean expectBuilt(String service, String path, String method) {
        JsonNode route = openApi.get(service).path(path);
        boolean built = route.has(method);
        if (!built) {
            notBuilt.add(method.toUpperCase() + " " + path);
        }
        return built;
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
}
