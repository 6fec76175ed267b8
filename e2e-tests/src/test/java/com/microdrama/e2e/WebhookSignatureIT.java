package com.microdrama.e2e;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static com.microdrama.e2e.GatewayCalls.call;
import static com.microdrama.e2e.GatewayCalls.orderedMap;

/** The provider webhook without or with a wrong signature is refused with 400 and changes nothing. */
class WebhookSignatureIT extends AttackGroup {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> stripeWebhookWithoutOrWithWrongSignatureIsRefusedWith400() {
        if (!fx.expectBuilt("payment-service", "/api/payments/webhooks/stripe", "post")) {
            return Stream.empty();
        }
        String event = "{\"id\":\"evt_e2e_" + UUID.randomUUID() + "\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":"
                + "{\"id\":\"pi_e2e\",\"object\":\"payment_intent\",\"status\":\"succeeded\",\"metadata\":{\"purchaseId\":\""
                + fx.victimPurchaseId + "\",\"userId\":\"" + fx.victimId + "\"}}}}";
        long now = System.currentTimeMillis() / 1000;
        Map<String, Map<String, String>> signatures = orderedMap(
                "no Stripe-Signature", Map.of(),
                "garbage Stripe-Signature", Map.of("Stripe-Signature", "garbage"),
                "wrong v1 signature", Map.of("Stripe-Signature", "t=" + now + ",v1=" + "ab".repeat(32)),
                "stale timestamp", Map.of("Stripe-Signature", "t=" + (now - 3600) + ",v1=" + "cd".repeat(32)));
        return signatures.entrySet().stream().map(s -> refused("POST /api/payments/webhooks/stripe, " + s.getKey() + " → 400",
                () -> call("POST", "/api/payments/webhooks/stripe", null, event, s.getValue()), true, 400));
    }
}
