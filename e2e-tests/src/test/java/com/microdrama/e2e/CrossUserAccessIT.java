package com.microdrama.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.bearer;
import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.GatewayCalls.enc;
import static com.microdrama.e2e.GatewayCalls.orderedMap;
import static com.microdrama.e2e.GatewayCalls.parse;
import static com.microdrama.e2e.GatewayCalls.walletOf;
import static com.microdrama.e2e.SecurityFixture.SERIES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** One user cannot read or spend another's things: ids and prices smuggled in parameters, headers and bodies. */
class CrossUserAccessIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> oneUserCannotReadOrSpendAnothersThings() {
        String victimCheck = "/api/entitlements/users/" + fx.victimId + "/check?episodeId=" + enc(fx.ep4);
        String victimSeries = "/api/entitlements/users/" + fx.victimId + "/series/" + SERIES;
        List<DynamicTest> cases = new ArrayList<>();
        cases.add(refused("attacker GETs the victim's pack purchase by id → 404",
                () -> call("GET", "/api/payments/pack-purchases/" + fx.victimPurchaseId, bearer(fx.attacker), null, Map.of()), false,
                r -> assertFalse(r.body().contains(fx.victimId), "no trace of the victim in the answer"), 404));
        // The service-only paths are not routed by the gateway (404 problem), not even for a service token that has
        // the role; entitlement-service itself still refuses other callers (ServiceCallersIT, ServiceAccessIT).
        Map<String, String> notAllowed = orderedMap("user token", fx.attacker, "support token", fx.support,
                "service account without role service", fx.serviceWithoutRole, "service account with role service", fx.serviceWithRole);
        for (var who : notAllowed.entrySet()) {
            cases.add(refused("GET /api/entitlements/users/{victim}/check with " + who.getKey() + " → 404 at the gateway",
                    () -> call("GET", victimCheck, bearer(who.getValue()), null, Map.of()), false, 404));
            cases.add(refused("GET /api/entitlements/users/{victim}/series/{s} with " + who.getKey() + " → 404 at the gateway",
                    () -> call("GET", victimSeries, bearer(who.getValue()), null, Map.of()), false, 404));
        }
        cases.add(accepted("GET /api/payments/wallet?userId=victim answers the caller's own wallet",
                () -> call("GET", "/api/payments/wallet?userId=" + fx.victimId + "&user=" + fx.victimId, bearer(fx.attacker), null, Map.of()),
                r -> assertEquals(fx.walletA, walletOf(parse(r.body())), "attacker sees their own wallet, not the victim's")));
        cases.add(accepted("GET /api/payments/wallet with X-User-Id/X-Forwarded-User=victim answers the caller's own wallet",
                () -> call("GET", "/api/payments/wallet", bearer(fx.attacker), null,
                        Map.of("X-User-Id", fx.victimId, "X-Forwarded-User", fx.victimId, "X-Auth-Request-User", fx.victimId)),
                r -> assertEquals(fx.walletA, walletOf(parse(r.body())))));
        cases.add(accepted("GET /api/payments/wallet/ledger?userId=victim lists the caller's own ledger",
                () -> call("GET", "/api/payments/wallet/ledger?userId=" + fx.victimId, bearer(fx.attacker), null, Map.of()),
                r -> assertEquals(fx.ledgerA, parse(r.body()).path("total").asInt())));
        cases.add(accepted("GET /api/entitlements/me?userId=victim lists the caller's own entitlements",
                () -> call("GET", "/api/entitlements/me?userId=" + fx.victimId, bearer(fx.attacker), null, Map.of()),
                r -> assertEquals(fx.entitlementsA, parse(r.body()).path("total").asInt())));
        cases.add(accepted("GET /api/entitlements/check?episodeId=<victim's>&userId=victim says not allowed for the caller",
                () -> call("GET", "/api/entitlements/check?episodeId=" + enc(fx.ep4) + "&userId=" + fx.victimId, bearer(fx.attacker), null, Map.of()),
                r -> assertFalse(parse(r.body()).path("allowed").asBoolean())));
        cases.add(accepted("GET /api/entitlements/series/{s}?userId=victim shows the victim's episode locked for the caller",
                () -> call("GET", "/api/entitlements/series/" + SERIES + "?userId=" + fx.victimId, bearer(fx.attacker), null, Map.of()),
                r -> assertFalse(episodeIn(parse(r.body()), fx.ep4).path("allowed").asBoolean())));
        cases.add(accepted("GET /api/catalog/series/{s} as attacker shows the victim's unlocked episode locked",
                () -> call("GET", "/api/catalog/series/" + SERIES + "?userId=" + fx.victimId, bearer(fx.attacker), null, Map.of()),
                r -> assertTrue(episodeIn(parse(r.body()), fx.ep4).path("locked").asBoolean())));
        cases.add(refused("POST playback of the victim's episode with ?userId=victim as attacker → 402",
                () -> call("POST", "/api/catalog/episodes/" + enc(fx.ep4) + "/playback?userId=" + fx.victimId, bearer(fx.attacker), null,
                        Map.of("X-User-Id", fx.victimId)), false, 402));
        cases.add(refused("POST episode-unlocks {episodeId, userId: victim} by an empty wallet → 402, victim not charged",
                () -> call("POST", "/api/payments/episode-unlocks", bearer(fx.smuggler), Map.of("episodeId", fx.ep5, "userId", fx.victimId), Map.of()),
                true, 402));
        cases.add(accepted("POST pack-purchases reusing the victim's Idempotency-Key and naming the victim creates the caller's own purchase",
                () -> call("POST", "/api/payments/pack-purchases", bearer(fx.smuggler),
                        Map.of("packId", fx.packId, "userId", fx.victimId, "coins", 999_999, "price", Map.of("amount", "0.01", "currency", "USD")),
                        Map.of("Idempotency-Key", fx.victimPurchaseKey)),
                r -> {
                    JsonNode purchase = parse(r.body());
                    assertEquals(201, r.status());
                    assertNotEquals(fx.victimPurchaseId, purchase.path("purchaseId").asText(), "not a replay of the victim's answer");
                    assertNull(r.header("Idempotent-Replayed"), "an idempotency key is per user");
                    assertEquals(fx.packCoins, purchase.path("coins").asInt(fx.packCoins), "coins from the pack, not from the body");
                    fx.assertStateUnchanged();
                    // the smuggler pays it at Stripe as the app would: the next case spends these coins
                    StripeCheckout.pay(purchase.path("clientSecret").asText());
                    StripeCheckout.awaitPurchase(() -> Viewer.asUser(fx.smuggler), purchase.path("purchaseId").asText(),
                            "COMPLETED");
                }));
        cases.add(accepted("POST episode-unlocks with priceCoins/coinsSpent 1 in the body pays the catalog price",
                () -> call("POST", "/api/payments/episode-unlocks", bearer(fx.smuggler),
                        Map.of("episodeId", fx.ep5, "priceCoins", 1, "coinsSpent", 1, "price", 0), Map.of()),
                r -> {
                    assertEquals(201, r.status());
                    assertEquals(fx.priceEp5, parse(r.body()).path("coinsSpent").asInt(), "the client's price is ignored");
                    fx.assertStateUnchanged();
                }));
        return cases.stream();
    }

    private static JsonNode episodeIn(JsonNode seriesAnswer, String episodeId) {
        for (JsonNode episode : seriesAnswer.path("episodes")) {
            if (episodeId.equals(episode.path("episodeId").asText(episode.path("id").asText()))) {
                return episode;
            }
        }
        return fail("episode " + episodeId + " not in " + seriesAnswer);
    }
}
