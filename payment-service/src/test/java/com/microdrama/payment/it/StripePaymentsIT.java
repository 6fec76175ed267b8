package com.microdrama.payment.it;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coin packs paid at Stripe, through the real webhook path (decisions 0015, 0019): declines say why, 3-D Secure
 * keeps a purchase PENDING until the bank decides, a payment of another amount naming our purchase is rejected, and
 * a delivery repeated by Stripe changes nothing.
 */
@QuarkusTest
@TestProfile(StripeBilling.Profile.class)
class StripePaymentsIT {
    private static final long PACK_COINS = 550;

    private final StripeClient stripe = StripeBilling.client();
    private final StripePurchases purchases = new StripePurchases(stripe);

    @Test
    void aDeclineFailsThePurchaseWithTheBanksReason() {
        Api viewer = Api.fresh("stripe-decline");
        StripePurchases.Started purchase = StripePurchases.start(viewer, "coins-500");

        CardException declined = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().confirm(
                purchase.paymentIntent(), PaymentIntentConfirmParams.builder()
                        .setPaymentMethod("pm_card_chargeDeclinedInsufficientFunds").build()));
        assertEquals("insufficient_funds", declined.getDeclineCode());

        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "FAILED");
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then()
                .body("failure.code", equalTo("insufficient_funds"))
                .body("failure.message", equalTo(declined.getStripeError().getMessage()))
                .body("clientSecret", nullValue());
        assertEquals(0, viewer.balance());
    }

    @Test
    void threeDSecureWaitsForTheBankAndSucceeds() throws Exception {
        Api viewer = Api.fresh("stripe-3ds-ok");
        StripePurchases.Started purchase = purchases.pay(viewer, "coins-500", "pm_card_authenticationRequired");
        assertEquals("requires_action", stripe.v1().paymentIntents().retrieve(purchase.paymentIntent()).getStatus());
        purchases.awaitOutcome("payment_intent.requires_action", purchase.paymentIntent());
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then().body("status", equalTo("PENDING"));
        assertEquals(0, viewer.balance());

        StripePurchases.control("/_emulator/payment_intents/" + purchase.paymentIntent() + "/authenticate?outcome=succeed");

        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "COMPLETED");
        assertEquals(PACK_COINS, viewer.balance());
    }

    @Test
    void threeDSecureFailedFailsThePurchase() throws Exception {
        Api viewer = Api.fresh("stripe-3ds-fail");
        StripePurchases.Started purchase = purchases.pay(viewer, "coins-500", "pm_card_authenticationRequired");

        StripePurchases.control("/_emulator/payment_intents/" + purchase.paymentIntent() + "/authenticate?outcome=fail");

        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "FAILED");
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then()
                .body("failure.code", equalTo("payment_intent_authentication_failure"));
        assertEquals(0, viewer.balance());
    }

    @Test
    void anIntentCancelledAtStripeFailsThePurchase() throws Exception {
        Api viewer = Api.fresh("stripe-canceled");
        StripePurchases.Started purchase = StripePurchases.start(viewer, "coins-500");

        stripe.v1().paymentIntents().cancel(purchase.paymentIntent(), PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER).build());

        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "FAILED");
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then()
                .body("failure.code", equalTo("requested_by_customer"));
    }

    @Test
    void aPaymentOfAnotherAmountNamingOurPurchaseIsRejected() throws Exception {
        Api viewer = Api.fresh("stripe-mismatch");
        StripePurchases.Started purchase = StripePurchases.start(viewer, "coins-500");

        // someone with the API key pays 0.50 USD for a 4.99 USD purchase
        PaymentIntent cheap = stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder()
                .setAmount(50L).setCurrency("usd").putMetadata("purchaseId", purchase.purchaseId())
                .putMetadata("userId", viewer.userId).build());
        stripe.v1().paymentIntents().confirm(cheap.getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

        String outcome = purchases.awaitOutcome("payment_intent.succeeded", cheap.getId());
        assertTrue(outcome.startsWith("rejected:"), outcome);
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then().body("status", equalTo("PENDING"));
        assertEquals(0, viewer.balance());
    }

    @Test
    void aDeliveryRepeatedByStripeChangesNothing() throws Exception {
        Api viewer = Api.fresh("stripe-duplicate");
        StripePurchases.Started purchase = purchases.pay(viewer, "coins-500", "pm_card_visa");
        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "COMPLETED");
        purchases.awaitOutcome("payment_intent.succeeded", purchase.paymentIntent());
        List<String> ids = purchases.events("payment_intent.succeeded", purchase.paymentIntent());

        // the same event again, as Stripe sends it, signed with this endpoint's secret
        Event event = stripe.v1().events().retrieve(ids.get(0));
        String payload = event.getLastResponse().body();
        String secret = ConfigProvider.getConfig().getValue("payment.stripe.webhook-secret", String.class);
        Stripe.sendWith(payload, com.microdrama.payment.webhook.StripeSignatures.sign(payload, secret,
                        Instant.now().getEpochSecond()))
                .then().statusCode(200).body("duplicate", equalTo(true));

        assertEquals(PACK_COINS, viewer.balance());
        assertEquals(2, TestDb.count("select count(*) from ledger_entry where user_id = ?", viewer.userId),
                "one PURCHASE and one BONUS entry");
        assertEquals(1, TestDb.count("select count(*) from outbox_event where payload like ?",
                "%" + purchase.purchaseId() + "%"));
    }
}
