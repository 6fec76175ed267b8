package com.microdrama.payment.it;

import com.microdrama.events.EventTypes;
import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Subscription;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.testhelpers.TestClockAdvanceParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VIP through Stripe Billing against the local platform's Stripe emulator (decision 0018): subscriptions are created
 * {@code default_incomplete} and give access only when Stripe's signed events, delivered to the real webhook endpoint,
 * say so; cancel and resume go through Stripe; test clocks drive renewals and failed renewals.
 */
@QuarkusTest
@TestProfile(StripeBilling.Profile.class)
class StripeBillingIT {
    private static final String SUBSCRIBE = "/api/payments/subscriptions";
    private static final String ME = "/api/payments/subscriptions/me";

    private final StripeClient stripe = StripeBilling.client();

    private static String subscribe(Api viewer, String planId) {
        return viewer.post(SUBSCRIBE, UUID.randomUUID().toString(), Map.of("planId", planId))
                .then().statusCode(201)
                .body("status", equalTo("INCOMPLETE"))
                .body("provider", equalTo("stripe"))
                .extract().path("clientSecret");
    }

    private static void awaitStatus(Api viewer, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer.get(ME).then().statusCode(200).body("status", equalTo(status)));
    }

    private static String stripeSubscriptionOf(Api viewer) {
        String id = viewer.get(ME).then().statusCode(200).extract().path("subscriptionId");
        return TestDb.string("select provider_subscription_id from subscription where id = cast(? as uuid)", id);
    }

    /** The subscription events we published about the user's subscription, in order. */
    private static List<String> eventsOf(String subscriptionId) {
        return TestDb.rows("select type from outbox_event where payload like ? order by seq", "%" + subscriptionId + "%");
    }

    private static String subscriptionIdOf(Api viewer) {
        return viewer.get(ME).then().statusCode(200).extract().path("subscriptionId");
    }

    private static String intentOf(String clientSecret) {
        return clientSecret.substring(0, clientSecret.indexOf("_secret_"));
    }

    @Test
    void aTrialStartsWhenStripeSaysTrialingNotWhenWeAsk() throws Exception {
        Api viewer = Api.fresh("vip-trial");
        subscribe(viewer, "vip-weekly");

        awaitStatus(viewer, "TRIALING");
        viewer.get(ME).then().body("inTrial", equalTo(true));
        assertEquals(List.of(EventTypes.SUBSCRIPTION_ACTIVATED), eventsOf(subscriptionIdOf(viewer)));

        Subscription atStripe = stripe.v1().subscriptions().retrieve(stripeSubscriptionOf(viewer));
        assertEquals("trialing", atStripe.getStatus());
        assertEquals(3L * 86400, atStripe.getTrialEnd() - atStripe.getTrialStart(), "the plan's 3-day trial");
        String subscriptionId = viewer.get(ME).then().extract().path("subscriptionId");
        assertEquals(subscriptionId, atStripe.getMetadata().get("subscriptionId"));
        assertEquals(viewer.userId, atStripe.getMetadata().get("userId"));
        Customer customer = stripe.v1().customers().retrieve(atStripe.getCustomer());
        assertEquals(viewer.userId, customer.getMetadata().get("userId"));
    }

    @Test
    void aPaidPlanGivesNothingUntilItsFirstInvoiceIsPaid() throws Exception {
        Api viewer = Api.fresh("vip-paid");
        String clientSecret = subscribe(viewer, "vip-monthly");
        assertTrue(clientSecret.startsWith("pi_"), "the first invoice's confirmation secret: " + clientSecret);

        // Stripe's creation events arrive and change nothing: the invoice is open
        awaitDelivered("customer.subscription.created", stripeSubscriptionOf(viewer));
        viewer.get(ME).then().statusCode(200).body("status", equalTo("INCOMPLETE"))
                .body("accessUntil", equalTo(viewer.get(ME).path("startedAt")));
        assertEquals(List.of(), eventsOf(subscriptionIdOf(viewer)), "no access announced");

        stripe.v1().paymentIntents().confirm(intentOf(clientSecret),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

        awaitStatus(viewer, "ACTIVE");
        Subscription atStripe = stripe.v1().subscriptions().retrieve(stripeSubscriptionOf(viewer));
        long periodEnd = atStripe.getItems().getData().get(0).getCurrentPeriodEnd();
        viewer.get(ME).then().body("currentPeriodEnd", equalTo(Instant.ofEpochSecond(periodEnd).toString()))
                .body("inTrial", equalTo(false));
        assertEquals(List.of(EventTypes.SUBSCRIPTION_ACTIVATED), eventsOf(subscriptionIdOf(viewer)));
    }

    @Test
    void aDeclinedFirstPaymentGivesNoAccessAndSubscribingAgainReplacesIt() throws Exception {
        Api viewer = Api.fresh("vip-declined");
        String clientSecret = subscribe(viewer, "vip-monthly");
        String first = stripeSubscriptionOf(viewer);
        String firstId = subscriptionIdOf(viewer);

        CardException declined = assertThrows(CardException.class, () -> stripe.v1().paymentIntents().confirm(
                intentOf(clientSecret), PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclined").build()));
        assertEquals("card_declined", declined.getCode());
        awaitDelivered("invoice.payment_failed", first);
        viewer.get(ME).then().statusCode(200).body("status", equalTo("INCOMPLETE"));

        // the app starts over: the abandoned one ends at Stripe and here, the new one waits for its payment
        String again = subscribe(viewer, "vip-monthly");
        assertEquals("canceled", stripe.v1().subscriptions().retrieve(first).getStatus());
        stripe.v1().paymentIntents().confirm(intentOf(again),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        awaitStatus(viewer, "ACTIVE");
        assertEquals(1, TestDb.count("select count(*) from subscription where user_id = ? and status = 'EXPIRED'"
                + " and activated_at is null", viewer.userId), "the abandoned one never gave access");
        assertEquals(List.of(), eventsOf(firstId), "nor was it ever announced");
    }

    @Test
    void cancelAndResumeAreToldToStripe() throws Exception {
        Api viewer = Api.fresh("vip-cancel");
        subscribe(viewer, "vip-weekly");
        awaitStatus(viewer, "TRIALING");
        String atStripe = stripeSubscriptionOf(viewer);

        viewer.post(ME + "/cancel", UUID.randomUUID().toString()).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("cancelAtPeriodEnd", equalTo(true));
        assertEquals(Boolean.TRUE, stripe.v1().subscriptions().retrieve(atStripe).getCancelAtPeriodEnd());

        viewer.post(ME + "/resume", UUID.randomUUID().toString()).then().statusCode(200)
                .body("status", equalTo("TRIALING"));
        assertEquals(Boolean.FALSE, stripe.v1().subscriptions().retrieve(atStripe).getCancelAtPeriodEnd());

        // Stripe's events about both changes arrive afterwards, in whatever order, and change nothing
        awaitDelivered("customer.subscription.updated", atStripe);
        viewer.get(ME).then().body("status", equalTo("TRIALING")).body("cancelledAt", nullValue());
        assertEquals(List.of(EventTypes.SUBSCRIPTION_ACTIVATED, EventTypes.SUBSCRIPTION_CANCELLED,
                EventTypes.SUBSCRIPTION_ACTIVATED), eventsOf(subscriptionIdOf(viewer)));
    }

    @Test
    void renewalsFailuresGraceAndRecoveryFollowStripesTestClock() throws Exception {
        Api viewer = Api.fresh("vip-clock");
        TestClock clock = stripe.v1().testHelpers().testClocks().create(TestClockCreateParams.builder()
                .setFrozenTime(Instant.now().getEpochSecond()).build());
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder()
                .setTestClock(clock.getId()).putMetadata("userId", viewer.userId)
                .setPaymentMethod("pm_card_visa")
                .setInvoiceSettings(CustomerCreateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod("pm_card_visa").build())
                .build());
        // the user's Stripe customer, as the first subscription would have stored it
        TestDb.execute("insert into provider_customer (provider, user_id, customer_id, created_at) values ('stripe', ?, ?, now())",
                viewer.userId, customer.getId());

        String clientSecret = subscribe(viewer, "vip-monthly");
        stripe.v1().paymentIntents().confirm(intentOf(clientSecret),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        awaitStatus(viewer, "ACTIVE");
        String firstEnd = viewer.get(ME).path("currentPeriodEnd");

        // a month later Stripe charges the saved card: invoice.paid extends access by the paid period
        advance(clock, Instant.parse(firstEnd).plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                viewer.get(ME).then().body("status", equalTo("ACTIVE"))
                        .body("currentPeriodStart", equalTo(firstEnd)));

        // the card starts failing: the next renewal leaves it past due, access kept for the grace period
        stripe.v1().customers().update(customer.getId(), CustomerUpdateParams.builder()
                .setInvoiceSettings(CustomerUpdateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod(attach("pm_card_chargeCustomerFail", customer.getId())).build())
                .build());
        String secondEnd = viewer.get(ME).path("currentPeriodEnd");
        advance(clock, Instant.parse(secondEnd).plus(Duration.ofHours(2)));
        awaitStatus(viewer, "PAST_DUE");
        viewer.get(ME).then().body("graceUntil", startsWith("20"));

        // a working card before Stripe's retry: the retried invoice is paid and the subscription recovers
        stripe.v1().customers().update(customer.getId(), CustomerUpdateParams.builder()
                .setInvoiceSettings(CustomerUpdateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod(attach("pm_card_visa", customer.getId())).build())
                .build());
        advance(clock, Instant.parse(secondEnd).plus(Duration.ofDays(4)));
        awaitStatus(viewer, "ACTIVE");
        viewer.get(ME).then().body("currentPeriodStart", equalTo(secondEnd)).body("graceUntil", nullValue());
        assertEquals(List.of(EventTypes.SUBSCRIPTION_ACTIVATED, EventTypes.SUBSCRIPTION_RENEWED,
                EventTypes.SUBSCRIPTION_RENEWED, EventTypes.SUBSCRIPTION_RENEWED), eventsOf(subscriptionIdOf(viewer)),
                "started, renewed, past due, recovered");
    }

    private String attach(String testPaymentMethod, String customerId) throws Exception {
        return stripe.v1().paymentMethods().attach(testPaymentMethod,
                com.stripe.param.PaymentMethodAttachParams.builder().setCustomer(customerId).build()).getId();
    }

    private void advance(TestClock clock, Instant to) throws Exception {
        stripe.v1().testHelpers().testClocks().advance(clock.getId(),
                TestClockAdvanceParams.builder().setFrozenTime(to.getEpochSecond()).build());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                "ready".equals(stripe.v1().testHelpers().testClocks().retrieve(clock.getId()).getStatus()));
    }

    /**
     * Waits until every event of {@code type} about {@code objectId} that Stripe recorded was applied by this instance
     * (found in provider_event).
     */
    private void awaitDelivered(String type, String objectId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<String> ids = stripe.v1().events().list(EventListParams.builder().setType(type).setLimit(100L).build())
                    .getData().stream()
                    .filter(e -> e.getDataObjectDeserializer().getRawJson().contains("\"" + objectId + "\""))
                    .map(Event::getId).toList();
            return !ids.isEmpty() && ids.stream().allMatch(id -> TestDb.count(
                    "select count(*) from provider_event where provider = 'stripe' and event_id = ?", id) == 1);
        });
    }
}
