package com.microdrama.payment.it;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The production configuration ({@link StripeBilling.ProductionLike}): nothing is granted on our own say-so (decisions
 * 0015, 0018), and a purchase nobody pays is cancelled at Stripe (decision 0019).
 */
@QuarkusTest
@TestProfile(StripeBilling.ProductionLike.class)
class StripeProductionIT {
    private final StripeClient stripe = StripeBilling.client();

    @Test
    void noCoinAndNoVipDayExistWithoutAConfirmingEvent() throws Exception {
        Api viewer = Api.fresh("stripe-prod");
        StripePurchases.start(viewer, "coins-500");
        StripePurchases.start(viewer, "coins-1000");
        viewer.post("/api/payments/subscriptions", UUID.randomUUID().toString(), Map.of("planId", "vip-monthly"))
                .then().statusCode(201).body("status", equalTo("INCOMPLETE"));

        // Stripe's creation events come and go; nothing was paid
        Thread.sleep(Duration.ofSeconds(6).toMillis());

        assertEquals(0, viewer.balance());
        assertEquals(0, TestDb.count("select count(*) from ledger_entry where user_id = ?", viewer.userId));
        assertEquals(0, TestDb.count("select count(*) from subscription where user_id = ?"
                + " and status in ('TRIALING', 'ACTIVE', 'CANCELLED', 'PAST_DUE')", viewer.userId));
        viewer.get("/api/payments/subscriptions/me").then().statusCode(200).body("status", equalTo("INCOMPLETE"));
        assertEquals(0, TestDb.count("select count(*) from outbox_event where payload like ?"
                + " and (type like '%purchase%' or type like '%coins%' or type like '%subscription%')",
                "%" + viewer.userId + "%"));
    }

    @Test
    void aPurchaseNobodyPaysIsCancelledAtStripeAndFails() throws Exception {
        Api viewer = Api.fresh("stripe-abandoned");
        StripePurchases.Started purchase = StripePurchases.start(viewer, "coins-500");

        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "FAILED");
        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then()
                .body("failure.code", equalTo("abandoned"));
        PaymentIntent atStripe = stripe.v1().paymentIntents().retrieve(purchase.paymentIntent());
        assertEquals("canceled", atStripe.getStatus());
        assertEquals("abandoned", atStripe.getCancellationReason());
        assertEquals(0, viewer.balance());
    }

    @Test
    void aPurchaseWhosePaymentSucceededAtStripeIsLeftToItsEvent() throws Exception {
        Api viewer = Api.fresh("stripe-late-pay");
        StripePurchases.Started purchase = new StripePurchases(stripe).pay(viewer, "coins-500", "pm_card_visa");
        StripePurchases.awaitStatus(viewer, purchase.purchaseId(), "COMPLETED");
        // as if its payment_intent.succeeded were still on its way when the purchase became old
        TestDb.execute("update pack_purchase set status = 'PENDING', completed_at = null where id = cast(? as uuid)",
                purchase.purchaseId());

        Thread.sleep(Duration.ofSeconds(6).toMillis());

        viewer.get(StripePurchases.PURCHASES + "/" + purchase.purchaseId()).then().body("status", equalTo("PENDING"));
        assertEquals("succeeded", stripe.v1().paymentIntents().retrieve(purchase.paymentIntent()).getStatus(),
                "Stripe refused to cancel a paid intent");
    }
}
