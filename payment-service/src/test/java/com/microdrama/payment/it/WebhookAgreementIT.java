package com.microdrama.payment.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A correctly signed webhook is applied only when it agrees with our records: the endpoint's mode, the purchase's
 * or plan's amount and currency, a renewal no longer than the plan plus slack. A disagreement is recorded with its
 * outcome and acknowledged (Stripe stops retrying), and changes nothing.
 */
@QuarkusTest
@TestProfile(PackWebhookIT.ManualConfirm.class)
class WebhookAgreementIT {
    private static final String PURCHASES = "/api/payments/pack-purchases";
    private static final String ME = "/api/payments/subscriptions/me";

    private record Pending(Api user, String purchaseId, String paymentIntent) {
    }

    private static Pending pending() {
        Api user = Api.fresh("agree");
        String clientSecret = user.post(PURCHASES, UUID.randomUUID().toString(), Map.of("packId", "coins-500"))
                .then().statusCode(201).body("status", equalTo("PENDING")).extract().path("clientSecret");
        String purchaseId = TestDb.string("select cast(id as text) from pack_purchase where user_id = ?", user.userId);
        return new Pending(user, purchaseId, clientSecret.substring(0, clientSecret.indexOf("_secret_")));
    }

    private static String outcome(String eventId) {
        return TestDb.string("select outcome from provider_event where provider = 'stripe' and event_id = ?", eventId);
    }

    private static String eventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aPaymentOfAnotherAmountOrCurrencyIsRecordedAndNotCredited() {
        Pending p = pending();
        String lower = eventId();
        Stripe.send(Stripe.event(lower, "payment_intent.succeeded", Stripe.paymentIntent(p.paymentIntent(), p.purchaseId(), 99)))
                .then().statusCode(200).body("duplicate", equalTo(false)).body("outcome", startsWith("rejected"));
        assertTrue(outcome(lower).contains("amount 99 USD is not the price 499 USD"), outcome(lower));

        Map<String, Object> euros = new HashMap<>(Stripe.paymentIntent(p.paymentIntent(), p.purchaseId(), 499));
        euros.put("currency", "eur");
        Stripe.send(Stripe.event("payment_intent.succeeded", euros)).then().statusCode(200)
                .body("outcome", startsWith("rejected"));
        Map<String, Object> noAmount = new HashMap<>(Stripe.paymentIntent(p.paymentIntent(), p.purchaseId(), 499));
        noAmount.remove("amount");
        Stripe.send(Stripe.event("payment_intent.succeeded", noAmount)).then().statusCode(200)
                .body("outcome", startsWith("rejected"));
        assertEquals(0, p.user().balance());
        p.user().get(PURCHASES + "/" + p.purchaseId()).then().body("status", equalTo("PENDING"));

        // the real payment still completes it
        Stripe.send(Stripe.event("payment_intent.succeeded", Stripe.paymentIntent(p.paymentIntent(), p.purchaseId(), 499)))
                .then().statusCode(200).body("outcome", startsWith("completed"));
        assertEquals(550, p.user().balance());
    }

    @Test
    void anEventOfTheOtherModeOrWithoutAModeIsRecordedAndNotApplied() {
        Pending p = pending();
        String live = eventId();
        Stripe.send(Stripe.event(live, "payment_intent.succeeded",
                        Stripe.paymentIntent(p.paymentIntent(), p.purchaseId(), 499), true))
                .then().statusCode(200).body("outcome", equalTo("rejected: live-mode event on a test endpoint"));
        assertEquals("rejected: live-mode event on a test endpoint", outcome(live));
        Stripe.send(Stripe.event(eventId(), "payment_intent.succeeded",
                        Stripe.paymentIntent(p.paymentIntent(), p.purchaseId(), 499), null))
                .then().statusCode(200).body("outcome", startsWith("rejected"));
        assertEquals(0, p.user().balance());
    }

    @Test
    void aRenewalLongerThanThePlanOrOfAnotherAmountDoesNotExtendAccess() {
        Api user = Api.fresh("agree-sub");
        String subscriptionId = user.post("/api/payments/subscriptions", UUID.randomUUID().toString(),
                Map.of("planId", "vip-monthly")).then().statusCode(201).extract().path("subscriptionId");
        String currentEnd = user.get(ME).then().extract().path("currentPeriodEnd");
        Instant end = Instant.parse(currentEnd).truncatedTo(ChronoUnit.SECONDS);

        String year = eventId();
        Stripe.send(Stripe.event(year, "invoice.paid",
                        Stripe.invoice(subscriptionId, end, end.plus(Duration.ofDays(365)), Stripe.MONTHLY_CENTS)))
                .then().statusCode(200).body("outcome", startsWith("rejected"));
        assertTrue(outcome(year).contains("exceeds the plan's 30 days"), outcome(year));
        // a period that starts far ahead is capped too
        Instant later = end.plus(Duration.ofDays(300));
        Stripe.send(Stripe.event("invoice.paid",
                        Stripe.invoice(subscriptionId, later, later.plus(Duration.ofDays(30)), Stripe.MONTHLY_CENTS)))
                .then().statusCode(200).body("outcome", startsWith("rejected"));
        Stripe.send(Stripe.event("invoice.paid",
                        Stripe.invoice(subscriptionId, end, end.plus(Duration.ofDays(30)), Stripe.WEEKLY_CENTS)))
                .then().statusCode(200).body("outcome", startsWith("rejected"));
        user.get(ME).then().body("currentPeriodEnd", equalTo(currentEnd));

        // within the plan's length plus slack it renews
        Instant renewed = end.plus(Duration.ofDays(31));
        Stripe.send(Stripe.event("invoice.paid",
                        Stripe.invoice(subscriptionId, end, renewed, Stripe.MONTHLY_CENTS)))
                .then().statusCode(200).body("outcome", startsWith("subscription"));
        user.get(ME).then().body("currentPeriodEnd", equalTo(renewed.toString()));
    }
}
