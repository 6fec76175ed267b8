package com.microdrama.e2e;

import com.microdrama.testsupport.LocalSecrets;
import com.microdrama.testsupport.Platform;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app's payment step, done at Stripe (the platform's Stripe emulator, through stripe-java): payment-service only
 * creates the PaymentIntent or the subscription, the app confirms with a card, and coins or VIP come with Stripe's
 * signed webhook. {@code as} gives a fresh request as the paying user through the gateway.
 */
final class StripeCheckout {
    /** Webhooks arrive in well under a second; a failed delivery is retried by the emulator after 2 s. */
    private static final Duration WEBHOOK_WAIT = Duration.ofSeconds(30);
    static final String CARD = "pm_card_visa";
    static final String DECLINED_CARD = "pm_card_chargeDeclined";

    private static final StripeClient STRIPE = StripeClient.builder()
            .setApiKey(LocalSecrets.get("STRIPE_API_KEY")).setApiBase(Platform.stripeUrl()).build();

    private StripeCheckout() {
    }

    /** {@code pi_…} of a client secret {@code pi_…_secret_…}. */
    static String intentOf(String clientSecret) {
        assertTrue(clientSecret != null && clientSecret.startsWith("pi_") && clientSecret.contains("_secret_"),
                "a PaymentIntent client secret: " + clientSecret);
        return clientSecret.substring(0, clientSecret.indexOf("_secret_"));
    }

    /** Confirms the PaymentIntent with a card that pays. */
    static PaymentIntent pay(String clientSecret) {
        try {
            PaymentIntent paid = STRIPE.v1().paymentIntents().confirm(intentOf(clientSecret),
                    PaymentIntentConfirmParams.builder().setPaymentMethod(CARD).build());
            assertEquals("succeeded", paid.getStatus(), paid.getId());
            return paid;
        } catch (StripeException e) {
            throw new AssertionError("Stripe refused to confirm " + clientSecret + " with " + CARD + ": " + e.getMessage(), e);
        }
    }

    /** Confirms the PaymentIntent with a card the bank declines: Stripe's 402 card_error. */
    static CardException decline(String clientSecret) {
        return assertThrows(CardException.class, () -> STRIPE.v1().paymentIntents().confirm(intentOf(clientSecret),
                PaymentIntentConfirmParams.builder().setPaymentMethod(DECLINED_CARD).build()));
    }

    /** Waits until Stripe's webhook moved the purchase to {@code status}. */
    static void awaitPurchase(Supplier<RequestSpecification> as, String purchaseId, String status) {
        await("purchase " + purchaseId + " " + status + " by Stripe's webhook").atMost(WEBHOOK_WAIT)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        as.get().get("/api/payments/pack-purchases/" + purchaseId).then().statusCode(200).body("status", equalTo(status)));
    }

    /** Creates a pack purchase (PENDING at Stripe), pays it and returns its id once Stripe's webhook completed it. */
    static String buyPack(Supplier<RequestSpecification> as, String packId) {
        JsonPath purchase = as.get().header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("packId", packId))
                .post("/api/payments/pack-purchases")
                .then().statusCode(201).body("status", equalTo("PENDING")).body("provider", equalTo("stripe"))
                .extract().jsonPath();
        pay(purchase.getString("clientSecret"));
        awaitPurchase(as, purchase.getString("purchaseId"), "COMPLETED");
        return purchase.getString("purchaseId");
    }

    /**
     * Subscribes as the app does: INCOMPLETE until Stripe says otherwise; the first invoice is paid when there is one
     * (no trial), and the subscription's id returns once Stripe's events started it (ACTIVE, or TRIALING).
     */
    static String subscribe(Supplier<RequestSpecification> as, String planId) {
        JsonPath created = as.get().header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("planId", planId))
                .post("/api/payments/subscriptions")
                .then().statusCode(201).body("status", equalTo("INCOMPLETE")).body("provider", equalTo("stripe"))
                .extract().jsonPath();
        String id = created.getString("subscriptionId");
        if (created.getString("clientSecret") != null) {
            pay(created.getString("clientSecret"));
        }
        await("subscription " + id + " started by Stripe's events").atMost(WEBHOOK_WAIT).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonPath me = as.get().get("/api/payments/subscriptions/me").then().statusCode(200).extract().jsonPath();
                    assertEquals(id, me.getString("subscriptionId"));
                    assertTrue(Set.of("ACTIVE", "TRIALING").contains(me.getString("status")), me.prettify());
                });
        return id;
    }
}
