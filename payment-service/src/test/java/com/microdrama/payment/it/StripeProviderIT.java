package com.microdrama.payment.it;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentConfirmParams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * payment-service with {@code payment.provider=stripe} against the local platform's Stripe emulator, spoken to
 * through stripe-java exactly as Stripe would be (decision 0015): a coin pack becomes a PaymentIntent and nothing is
 * credited on our own say-so.
 */
@QuarkusTest
@TestProfile(StripeBilling.Profile.class)
class StripeProviderIT {
    private final StripeClient stripe = StripeBilling.client();

    @Test
    void aPackBecomesAPaymentIntentForItsPriceAndCreditsNothingBeforeStripeConfirms() throws Exception {
        Api viewer = Api.fresh("stripe");
        var purchase = viewer.post("/api/payments/pack-purchases", UUID.randomUUID().toString(),
                        Map.of("packId", "coins-500"))
                .then().statusCode(201)
                .body("status", equalTo("PENDING"))
                .body("provider", equalTo("stripe"))
                .body("clientSecret", startsWith("pi_"))
                .extract();
        String clientSecret = purchase.path("clientSecret");
        String purchaseId = purchase.path("purchaseId");

        PaymentIntent intent = stripe.v1().paymentIntents().retrieve(clientSecret.substring(0,
                clientSecret.indexOf("_secret_")));
        assertEquals(499L, intent.getAmount(), "4.99 USD in cents");
        assertEquals("usd", intent.getCurrency());
        assertEquals(purchaseId, intent.getMetadata().get("purchaseId"));
        assertEquals(viewer.userId, intent.getMetadata().get("userId"));
        assertEquals("requires_payment_method", intent.getStatus());

        viewer.get("/api/payments/wallet").then().statusCode(200).body("balance", equalTo(0));

        // the app confirms with Stripe; the money then exists at Stripe, and our side waits for the signed webhook
        PaymentIntent paid = stripe.v1().paymentIntents().confirm(intent.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        assertEquals("succeeded", paid.getStatus());
    }

    @Test
    void theSamePurchaseIsOneIntentAtStripe() {
        // our purchase id is Stripe's Idempotency-Key: a replay of the client's key answers the stored purchase
        Api viewer = Api.fresh("stripe");
        String key = UUID.randomUUID().toString();
        String first = viewer.post("/api/payments/pack-purchases", key, Map.of("packId", "coins-500"))
                .then().statusCode(201).extract().path("clientSecret");
        viewer.post("/api/payments/pack-purchases", key, Map.of("packId", "coins-500"))
                .then().statusCode(201).body("clientSecret", equalTo(first));
    }
}
