package com.microdrama.payment.it;

import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The provider confirms payments later (sandbox auto-confirm off): Stripe webhooks complete or fail purchases. */
@QuarkusTest
@TestProfile(PackWebhookIT.ManualConfirm.class)
class PackWebhookIT {
    private static final String PURCHASES = "/api/payments/pack-purchases";

    public static class ManualConfirm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("payment.sandbox.auto-confirm", "false");
        }
    }

    @Test
    void aPendingPurchaseIsCompletedByPaymentIntentSucceededExactlyOnce() {
        Api user = Api.fresh("pi");
        String clientSecret = user.post(PURCHASES, UUID.randomUUID().toString(), Map.of("packId", "coins-500"))
                .then().statusCode(201)
                .body("status", equalTo("PENDING"))
                .body("clientSecret", notNullValue())
                .extract().path("clientSecret");
        String purchaseId = TestDb.string("select cast(id as text) from pack_purchase where user_id = ?", user.userId);
        String paymentIntent = clientSecret.substring(0, clientSecret.indexOf("_secret_"));
        assertEquals(0, user.balance(), "nothing credited before the provider confirmed");

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS)) {
            String event = Stripe.event("payment_intent.succeeded", Stripe.paymentIntent(paymentIntent, purchaseId, 499));
            Stripe.send(event).then().statusCode(200)
                    .body("duplicate", equalTo(false))
                    .body("outcome", startsWith("completed purchase"));
            // Stripe redelivers the same event, and may also send a second event for the same payment
            Stripe.send(event).then().statusCode(200).body("duplicate", equalTo(true));
            Stripe.send(Stripe.event("payment_intent.succeeded", Stripe.paymentIntent(paymentIntent, purchaseId, 499)))
                    .then().statusCode(200).body("outcome", startsWith("ignored"));

            user.get(PURCHASES + "/" + purchaseId).then().statusCode(200).body("status", equalTo("COMPLETED"));
            assertEquals(550, user.balance());
            assertEquals(2, TestDb.count("select count(*) from ledger_entry where user_id = ?", user.userId));
            assertEquals(1, probe.collect(r -> r.value().contains(purchaseId)
                    && r.value().contains(EventTypes.COINS_PURCHASED), Duration.ofSeconds(3)).size());
        }
    }

    @Test
    void aFailedPaymentMarksThePurchaseFailedAndALaterSuccessStillCompletesIt() {
        Api user = Api.fresh("pf");
        String purchaseId = user.post(PURCHASES, UUID.randomUUID().toString(), Map.of("packId", "coins-100"))
                .then().statusCode(201).extract().path("purchaseId");
        String paymentIntent = TestDb.string("select provider_payment_id from pack_purchase where id = cast(? as uuid)", purchaseId);

        Stripe.send(Stripe.event("payment_intent.payment_failed", Stripe.paymentIntent(paymentIntent, purchaseId, 99)))
                .then().statusCode(200);
        user.get(PURCHASES + "/" + purchaseId).then().body("status", equalTo("FAILED"));
        assertEquals(0, user.balance());

        // the user retried with another card: the intent succeeds after all
        Stripe.send(Stripe.event("payment_intent.succeeded", Stripe.paymentIntent(paymentIntent, purchaseId, 99)))
                .then().statusCode(200);
        // and a late failure report for the earlier attempt does not undo it
        Stripe.send(Stripe.event("payment_intent.payment_failed", Stripe.paymentIntent(paymentIntent, purchaseId, 99)))
                .then().statusCode(200);
        user.get(PURCHASES + "/" + purchaseId).then().body("status", equalTo("COMPLETED"));
        assertEquals(100, user.balance());
    }

    @Test
    void aPaymentIntentForAnotherPurchaseIsRejected() {
        Api user = Api.fresh("pm");
        String purchaseId = user.post(PURCHASES, UUID.randomUUID().toString(), Map.of("packId", "coins-100"))
                .then().statusCode(201).extract().path("purchaseId");

        Stripe.send(Stripe.event("payment_intent.succeeded", Stripe.paymentIntent("pi_forged", purchaseId, 99)))
                .then().statusCode(200).body("outcome", startsWith("rejected: payment pi_forged is not the payment"));
        assertEquals(0, user.balance());
    }

    @Test
    void aChargeRefundNamingTheProviderPaymentTakesTheCoinsBack() {
        Api user = Api.fresh("cr");
        String purchaseId = user.post(PURCHASES, UUID.randomUUID().toString(), Map.of("packId", "coins-500"))
                .then().statusCode(201).extract().path("purchaseId");
        String paymentIntent = TestDb.string("select provider_payment_id from pack_purchase where id = cast(? as uuid)", purchaseId);
        Stripe.send(Stripe.event("payment_intent.succeeded", Stripe.paymentIntent(paymentIntent, purchaseId, 499)))
                .then().statusCode(200);
        assertEquals(550, user.balance());

        // a charge carries the payment intent id; no metadata needed
        Stripe.send(Stripe.event("charge.refunded", Map.of("id", "ch_1", "object", "charge", "payment_intent", paymentIntent)))
                .then().statusCode(200).body("outcome", startsWith("refunded purchase " + purchaseId));
        assertEquals(0, user.balance());
        user.get(PURCHASES + "/" + purchaseId).then().body("status", equalTo("REFUNDED"));
        // a late success for a refunded purchase changes nothing
        Stripe.send(Stripe.event("payment_intent.succeeded", Stripe.paymentIntent(paymentIntent, purchaseId, 499)))
                .then().statusCode(200).body("outcome", startsWith("ignored"));
        assertEquals(0, user.balance());
    }
}
