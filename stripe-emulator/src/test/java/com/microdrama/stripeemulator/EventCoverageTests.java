package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeObject;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.net.Webhook;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.DisputeListParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.testhelpers.TestClockAdvanceParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every event type a provider listens to arrives signed, and its data.object parses into stripe-java's model. */
@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class EventCoverageTests {

    private static final List<String> EXPECTED = List.of(
            "payment_intent.created", "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.requires_action",
            "payment_intent.canceled", "charge.succeeded", "charge.refunded", "charge.dispute.created", "charge.dispute.closed",
            "customer.created", "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
            "invoice.created", "invoice.paid", "invoice.payment_failed", "refund.created", "refund.updated");

    @TestHTTPResource("/")
    URL base;

    @Test
    void everyEventTypeOfTheProviderFlowsArrivesSignedAndParsesIntoItsModel() throws Exception {
        StripeClient stripe = Emulator.client(base);
        int before = WebhookReceiver.RECEIVED.size();
        runEveryFlow(stripe);

        Set<String> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (WebhookReceiver.Received received : WebhookReceiver.RECEIVED.subList(before, WebhookReceiver.RECEIVED.size())) {
                Event event = Webhook.constructEvent(received.payload(), received.signature(), Emulator.WEBHOOK_SECRET);
                StripeObject object = event.getDataObjectDeserializer().getObject()
                        .orElseThrow(() -> new AssertionError("data.object of " + event.getType() + " does not parse"));
                assertTrue(object.getClass().getSimpleName().length() > 0);
                seen.add(event.getType());
            }
            return seen.containsAll(EXPECTED);
        });
    }

    private void runEveryFlow(StripeClient stripe) throws Exception {
        PaymentIntentConfirmParams visa = PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build();
        PaymentIntent paid = stripe.v1().paymentIntents().confirm(intent(stripe).getId(), visa);
        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(paid.getId()).setAmount(100L).build());
        PaymentIntent refundFails = stripe.v1().paymentIntents().confirm(intent(stripe).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_refundFail").build());
        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(refundFails.getId()).build());
        assertThrows(com.stripe.exception.CardException.class, () -> stripe.v1().paymentIntents().confirm(intent(stripe).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_chargeDeclined").build()));
        stripe.v1().paymentIntents().confirm(intent(stripe).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_authenticationRequired").build());
        stripe.v1().paymentIntents().cancel(intent(stripe).getId());
        PaymentIntent disputed = stripe.v1().paymentIntents().confirm(intent(stripe).getId(),
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_createDispute").build());
        String dispute = stripe.v1().disputes().list(DisputeListParams.builder().setCharge(disputed.getLatestCharge()).build()).getData().get(0).getId();
        stripe.v1().disputes().close(dispute);

        long start = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();
        TestClock clock = stripe.v1().testHelpers().testClocks().create(TestClockCreateParams.builder().setFrozenTime(start).build());
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setTestClock(clock.getId())
                .setPaymentMethod("pm_card_chargeCustomerFail").setInvoiceSettings(CustomerCreateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod("pm_card_chargeCustomerFail").build()).build());
        stripe.v1().subscriptions().create(SubscriptionCreateParams.builder().setCustomer(customer.getId()).setTrialPeriodDays(1L)
                .addItem(SubscriptionCreateParams.Item.builder().setPrice(Emulator.monthlyPrice(stripe, 300).getId()).build()).build());
        stripe.v1().testHelpers().testClocks().advance(clock.getId(), TestClockAdvanceParams.builder().setFrozenTime(start + 30 * 86400).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(stripe.v1().testHelpers().testClocks().retrieve(clock.getId()).getStatus()));
        assertEquals("canceled", stripe.v1().subscriptions().list(com.stripe.param.SubscriptionListParams.builder()
                .setCustomer(customer.getId()).setStatus(com.stripe.param.SubscriptionListParams.Status.ALL).build()).getData().get(0).getStatus());
    }

    private PaymentIntent intent(StripeClient stripe) throws Exception {
        return stripe.v1().paymentIntents().create(PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("usd").build());
    }
}
