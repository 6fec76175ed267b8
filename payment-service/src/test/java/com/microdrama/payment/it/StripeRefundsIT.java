package com.microdrama.payment.it;

import com.stripe.StripeClient;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Refund;
import com.stripe.model.Subscription;
import com.stripe.param.DisputeListParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.RefundListParams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refunds and disputes of Stripe payments through the real webhook path (decision 0019): the admin's refund goes out
 * through Stripe's Refund API and Stripe's own event about it changes nothing more; a refund whose money fails gives
 * the coins back; a dispute claws back, and winning it gives them back once.
 */
@QuarkusTest
@TestProfile(StripeBilling.Profile.class)
class StripeRefundsIT {
    private static final String REFUNDS = "/api/payments/admin/refunds";
    /** coins-500: 4.99 USD for 500 paid and 50 bonus coins. */
    private static final long PACK_COINS = 550;

    private final StripeClient stripe = StripeBilling.client();
    private final StripePurchases purchases = new StripePurchases(stripe);

    private StripePurchases.Started paid(Api viewer, String paymentMethod) throws Exception {
        StripePurchases.Started started = purchases.pay(viewer, "coins-500", paymentMethod);
        StripePurchases.awaitStatus(viewer, started.purchaseId(), "COMPLETED");
        assertEquals(PACK_COINS, viewer.balance());
        return started;
    }

    private static long refundEntries(Api viewer) {
        return TestDb.count("select count(*) from ledger_entry where user_id = ? and type = 'REFUND'", viewer.userId);
    }

    private String latestCharge(String paymentIntent) throws Exception {
        return stripe.v1().paymentIntents().retrieve(paymentIntent).getLatestCharge();
    }

    @Test
    void anAdminRefundIsAStripeRefundAndStripesEventAboutItChangesNothingMore() throws Exception {
        Api viewer = Api.fresh("stripe-refund");
        StripePurchases.Started purchase = paid(viewer, "pm_card_visa");

        var refund = Api.admin().post(REFUNDS, UUID.randomUUID().toString(),
                        Map.of("purchaseId", purchase.purchaseId(), "reason", "asked for it back"))
                .then().statusCode(201)
                .body("providerRefundId", startsWith("re_"))
                .body("providerStatus", equalTo("succeeded"))
                .body("amount.amount", equalTo("4.99"))
                .extract();

        Refund atStripe = stripe.v1().refunds().retrieve(refund.path("providerRefundId"));
        assertEquals(499L, atStripe.getAmount());
        assertEquals(purchase.paymentIntent(), atStripe.getPaymentIntent());
        assertEquals(refund.path("refundId"), atStripe.getMetadata().get("refundId"));
        assertTrue(stripe.v1().charges().retrieve(latestCharge(purchase.paymentIntent())).getRefunded());

        assertTrue(purchases.awaitOutcome("charge.refunded", purchase.paymentIntent()).startsWith("ignored:"),
                "Stripe's charge.refunded finds the refund already recorded");
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then().body("status", equalTo("REFUNDED"));
        assertEquals(0, viewer.balance(), "clawed back once");
        assertEquals(1, refundEntries(viewer), "one ledger entry");
        assertEquals(1, TestDb.count("select count(*) from refund where target_id = ?", purchase.purchaseId()));
    }

    @Test
    void aPartialRefundSendsItsAmountInMinorUnits() throws Exception {
        Api viewer = Api.fresh("stripe-partial");
        StripePurchases.Started purchase = paid(viewer, "pm_card_visa");

        String refundId = Api.admin().post(REFUNDS, UUID.randomUUID().toString(), Map.of("purchaseId",
                        purchase.purchaseId(), "reason", "half", "amount", Map.of("amount", "2.00", "currency", "USD")))
                .then().statusCode(201).body("partial", equalTo(true)).extract().path("providerRefundId");

        assertEquals(200L, stripe.v1().refunds().retrieve(refundId).getAmount());
        Charge charge = stripe.v1().charges().retrieve(latestCharge(purchase.paymentIntent()));
        assertEquals(200L, charge.getAmountRefunded());
        assertTrue(purchases.awaitOutcome("charge.refunded", purchase.paymentIntent()).startsWith("ignored:"));
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then()
                .body("status", equalTo("COMPLETED")).body("refundedAmount.amount", equalTo("2.00"));
        // ceil(500 × 200 / 499) paid and ceil(50 × 200 / 499) bonus coins
        assertEquals(PACK_COINS - 201 - 21, viewer.balance());
        assertEquals(1, refundEntries(viewer));
    }

    @Test
    void aStripeRefusalRecordsNothing() throws Exception {
        Api viewer = Api.fresh("stripe-refused");
        StripePurchases.Started purchase = paid(viewer, "pm_card_visa");
        // a payment Stripe does not know: Stripe refuses the refund
        TestDb.execute("update pack_purchase set provider_payment_id = ? where id = cast(? as uuid)",
                "pi_unknown_" + UUID.randomUUID(), purchase.purchaseId());

        Api.admin().post(REFUNDS, UUID.randomUUID().toString(),
                        Map.of("purchaseId", purchase.purchaseId(), "reason", "refused"))
                .then().statusCode(502).contentType("application/problem+json")
                .body("type", equalTo(Api.PROBLEM + "payment-provider-error"));
        assertEquals(PACK_COINS, viewer.balance());
        assertEquals(0, TestDb.count("select count(*) from refund where target_id = ?", purchase.purchaseId()));
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then().body("status", equalTo("COMPLETED"));
    }

    @Test
    void aRefundThatFailsAtStripeGivesTheCoinsBack() throws Exception {
        Api viewer = Api.fresh("stripe-refund-fail");
        StripePurchases.Started purchase = paid(viewer, "pm_card_refundFail");

        String refundId = Api.admin().post(REFUNDS, UUID.randomUUID().toString(),
                        Map.of("purchaseId", purchase.purchaseId(), "reason", "card expired since"))
                .then().statusCode(201).extract().path("refundId");
        assertEquals(0, viewer.balance());

        // a second later Stripe says the money did not reach the card
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> "failed".equals(
                TestDb.string("select provider_status from refund where id = cast(? as uuid)", refundId)));
        assertEquals("failed", stripe.v1().refunds().retrieve(
                TestDb.string("select provider_ref from refund where id = cast(? as uuid)", refundId)).getStatus());
        assertEquals(1, TestDb.count("select count(*) from refund where id = cast(? as uuid) and reversed_at is not null"
                + " and reversal_reason like 'refund failed at the provider%'", refundId));
        assertEquals(PACK_COINS, viewer.balance(), "the customer paid and keeps the coins");
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then()
                .body("status", equalTo("COMPLETED")).body("refundedAmount", nullValue());
        purchases.awaitOutcome("refund.updated", purchase.paymentIntent());
        assertEquals(PACK_COINS, viewer.balance(), "refund.updated and refund.failed give the coins back once");
    }

    private Dispute disputeOf(String paymentIntent) throws Exception {
        return stripe.v1().disputes().list(DisputeListParams.builder().setPaymentIntent(paymentIntent).build())
                .getData().get(0);
    }

    @Test
    void aWonDisputeGivesTheClawedBackCoinsBackOnce() throws Exception {
        Api viewer = Api.fresh("stripe-dispute-won");
        StripePurchases.Started purchase = purchases.pay(viewer, "coins-500", "pm_card_createDispute");
        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "REFUNDED");
        assertEquals(0, viewer.balance(), "the chargeback clawed back");
        Dispute dispute = disputeOf(purchase.paymentIntent());

        StripePurchases.control("/_emulator/disputes/" + dispute.getId() + "/close?outcome=won");

        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "COMPLETED");
        assertEquals(PACK_COINS, viewer.balance());
        assertTrue(purchases.awaitOutcome("charge.dispute.closed", dispute.getId()).contains("won"));
        assertEquals(2, refundEntries(viewer), "the claw-back and its reversal");
        assertEquals(1, TestDb.count("select count(*) from refund where provider_ref = ? and chargeback"
                + " and reversal_reason = 'dispute won'", dispute.getId()));
    }

    @Test
    void aLostDisputeLeavesTheChargeback() throws Exception {
        Api viewer = Api.fresh("stripe-dispute-lost");
        StripePurchases.Started purchase = purchases.pay(viewer, "coins-500", "pm_card_createDispute");
        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "REFUNDED");
        Dispute dispute = disputeOf(purchase.paymentIntent());

        StripePurchases.control("/_emulator/disputes/" + dispute.getId() + "/close?outcome=lost");

        assertTrue(purchases.awaitOutcome("charge.dispute.closed", dispute.getId()).contains("lost"));
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then().body("status", equalTo("REFUNDED"));
        assertEquals(0, viewer.balance());
        assertEquals(1, refundEntries(viewer));
    }

    @Test
    void aVipRefundReturnsTheLatestInvoiceAndEndsTheSubscriptionAtStripe() throws Exception {
        Api viewer = Api.fresh("stripe-vip-refund");
        String secret = viewer.post("/api/payments/subscriptions", UUID.randomUUID().toString(),
                Map.of("planId", "vip-monthly")).then().statusCode(201).extract().path("clientSecret");
        String invoiceIntent = secret.substring(0, secret.indexOf("_secret_"));
        stripe.v1().paymentIntents().confirm(invoiceIntent,
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer.get("/api/payments/subscriptions/me").then().statusCode(200).body("status", equalTo("ACTIVE")));
        String subscriptionId = viewer.get("/api/payments/subscriptions/me").path("subscriptionId");
        String atStripe = TestDb.string("select provider_subscription_id from subscription where id = cast(? as uuid)",
                subscriptionId);

        Api.admin().post(REFUNDS, UUID.randomUUID().toString(),
                        Map.of("subscriptionId", subscriptionId, "reason", "charged by mistake"))
                .then().statusCode(201).body("providerRefundId", startsWith("re_"));

        Subscription ended = stripe.v1().subscriptions().retrieve(atStripe);
        assertEquals("canceled", ended.getStatus());
        Refund refund = stripe.v1().refunds().list(RefundListParams.builder().setPaymentIntent(invoiceIntent).build())
                .getData().get(0);
        assertEquals(3999L, refund.getAmount());
        assertEquals("REFUNDED", TestDb.string("select status from subscription where id = cast(? as uuid)", subscriptionId));
        // Stripe's deletion and refund events arrive afterwards and change nothing
        purchases.awaitOutcome("customer.subscription.deleted", atStripe);
        assertEquals("REFUNDED", TestDb.string("select status from subscription where id = cast(? as uuid)", subscriptionId));
        assertEquals(1, TestDb.count("select count(*) from outbox_event where payload like ? and type = ?",
                "%" + subscriptionId + "%", com.microdrama.events.EventTypes.SUBSCRIPTION_REFUNDED));
    }
}
