package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.testhelpers.TestClockAdvanceParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
class SubscriptionTests {

    private static final long DAY = 86400;
    private static final long START = Instant.parse("2026-01-10T12:00:00Z").getEpochSecond();

    @TestHTTPResource("/")
    URL base;

    private SubscriptionCreateParams.Builder vip(String customer, Price price) {
        return SubscriptionCreateParams.builder().setCustomer(customer).putMetadata("user_id", "u-7")
                .addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build());
    }

    private Customer customerOnClock(StripeClient stripe, TestClock clock, String paymentMethod) throws Exception {
        return stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("vip@example.com").setTestClock(clock.getId())
                .setPaymentMethod(paymentMethod).setInvoiceSettings(CustomerCreateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod(paymentMethod).build()).build());
    }

    private TestClock clock(StripeClient stripe) throws Exception {
        return stripe.v1().testHelpers().testClocks().create(TestClockCreateParams.builder().setFrozenTime(START).setName("vip").build());
    }

    private void advance(StripeClient stripe, TestClock clock, long to) throws Exception {
        TestClock advancing = stripe.v1().testHelpers().testClocks().advance(clock.getId(), TestClockAdvanceParams.builder().setFrozenTime(to).build());
        assertEquals("advancing", advancing.getStatus());
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(stripe.v1().testHelpers().testClocks().retrieve(clock.getId()).getStatus()));
        assertEquals(to, stripe.v1().testHelpers().testClocks().retrieve(clock.getId()).getFrozenTime());
    }

    private List<Invoice> invoices(StripeClient stripe, Subscription sub) throws Exception {
        return stripe.v1().invoices().list(InvoiceListParams.builder().setSubscription(sub.getId()).build()).getData();
    }

    @Test
    void aDefaultIncompleteSubscriptionStartsOnlyWhenItsFirstInvoicesIntentIsConfirmed() throws Exception {
        StripeClient stripe = Emulator.client(base);
        Customer customer = Emulator.customer(stripe, "web@example.com");
        Subscription sub = stripe.v1().subscriptions().create(vip(customer.getId(), Emulator.monthlyPrice(stripe, 999))
                .setPaymentBehavior(SubscriptionCreateParams.PaymentBehavior.DEFAULT_INCOMPLETE)
                .addExpand("latest_invoice.confirmation_secret").build());
        assertTrue(sub.getId().startsWith("sub_"));
        assertEquals("incomplete", sub.getStatus());
        assertEquals("u-7", sub.getMetadata().get("user_id"));
        assertNotNull(sub.getItems().getData().get(0).getCurrentPeriodEnd());
        Invoice invoice = sub.getLatestInvoiceObject();
        assertEquals("open", invoice.getStatus());
        assertEquals(999L, invoice.getAmountDue());
        assertEquals(sub.getId(), invoice.getParent().getSubscriptionDetails().getSubscription());
        String clientSecret = invoice.getConfirmationSecret().getClientSecret();
        String intentId = invoice.getPayments().getData().get(0).getPayment().getPaymentIntent();
        assertTrue(clientSecret.startsWith(intentId + "_secret_"));

        PaymentIntent pi = stripe.v1().paymentIntents().confirm(intentId, PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        assertEquals("succeeded", pi.getStatus());
        assertEquals("active", stripe.v1().subscriptions().retrieve(sub.getId()).getStatus());
        Invoice paid = stripe.v1().invoices().retrieve(invoice.getId());
        assertEquals("paid", paid.getStatus());
        assertEquals(999L, paid.getAmountPaid());
    }

    @Test
    void aTrialEndsAndTheSubscriptionRenewsEveryMonthOnTheTestClock() throws Exception {
        StripeClient stripe = Emulator.client(base);
        TestClock clock = clock(stripe);
        Customer customer = customerOnClock(stripe, clock, "pm_card_visa");
        Subscription sub = stripe.v1().subscriptions().create(vip(customer.getId(), Emulator.monthlyPrice(stripe, 1999)).setTrialPeriodDays(7L).build());
        assertEquals("trialing", sub.getStatus());
        assertEquals(START + 7 * DAY, sub.getTrialEnd());
        assertEquals(List.of("paid"), invoices(stripe, sub).stream().map(Invoice::getStatus).toList());
        assertEquals(0L, invoices(stripe, sub).get(0).getAmountDue());

        advance(stripe, clock, START + 8 * DAY);
        assertEquals("active", stripe.v1().subscriptions().retrieve(sub.getId()).getStatus());
        Invoice trialEnd = invoices(stripe, sub).get(0);
        assertEquals("subscription_cycle", trialEnd.getBillingReason());
        assertEquals("paid", trialEnd.getStatus());
        assertEquals(1999L, trialEnd.getAmountPaid());

        advance(stripe, clock, START + 40 * DAY);
        List<Invoice> all = invoices(stripe, sub);
        assertEquals(3, all.size());
        Invoice renewal = all.get(0);
        assertEquals("subscription_cycle", renewal.getBillingReason());
        assertEquals("paid", renewal.getStatus());
        assertEquals(Instant.parse("2026-02-17T12:00:00Z").getEpochSecond(), renewal.getLines().getData().get(0).getPeriod().getStart());
        assertEquals(Instant.parse("2026-02-17T12:00:00Z").getEpochSecond(), renewal.getPeriodEnd());
        assertEquals("u-7", renewal.getLines().getData().get(0).getMetadata().get("user_id"));
        assertEquals("u-7", renewal.getParent().getSubscriptionDetails().getMetadata().get("user_id"));
        assertEquals(Instant.parse("2026-03-17T12:00:00Z").getEpochSecond(),
                stripe.v1().subscriptions().retrieve(sub.getId()).getItems().getData().get(0).getCurrentPeriodEnd());
    }

    @Test
    void aRenewalOnADecliningCardGoesPastDueAndIsCanceledAfterTheLastRetry() throws Exception {
        StripeClient stripe = Emulator.client(base);
        TestClock clock = clock(stripe);
        Customer customer = customerOnClock(stripe, clock, "pm_card_chargeCustomerFail");
        Subscription sub = stripe.v1().subscriptions().create(vip(customer.getId(), Emulator.monthlyPrice(stripe, 1999)).setTrialPeriodDays(3L).build());

        advance(stripe, clock, START + 4 * DAY);
        assertEquals("past_due", stripe.v1().subscriptions().retrieve(sub.getId()).getStatus());
        Invoice failed = invoices(stripe, sub).get(0);
        assertEquals("open", failed.getStatus());
        assertEquals(START + 6 * DAY, failed.getNextPaymentAttempt());

        advance(stripe, clock, START + 20 * DAY);
        Subscription ended = stripe.v1().subscriptions().retrieve(sub.getId());
        assertEquals("canceled", ended.getStatus());
        assertEquals("payment_failed", ended.getCancellationDetails().getReason());
        assertEquals(4L, stripe.v1().invoices().retrieve(failed.getId()).getAttemptCount());
    }

    @Test
    void aSubscriptionCancelsAtPeriodEndOrAtOnceAndListsByCustomerAndStatus() throws Exception {
        StripeClient stripe = Emulator.client(base);
        Customer customer = Emulator.customer(stripe, "list@example.com");
        Price price = Emulator.monthlyPrice(stripe, 500);
        Subscription first = stripe.v1().subscriptions().create(vip(customer.getId(), price).setTrialPeriodDays(30L).build());
        Subscription second = stripe.v1().subscriptions().create(vip(customer.getId(), price).setTrialPeriodDays(30L).build());

        Subscription scheduled = stripe.v1().subscriptions().update(first.getId(), SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
        assertTrue(scheduled.getCancelAtPeriodEnd());
        assertEquals(first.getItems().getData().get(0).getCurrentPeriodEnd(), scheduled.getCancelAt());
        Subscription canceled = stripe.v1().subscriptions().cancel(second.getId());
        assertEquals("canceled", canceled.getStatus());
        assertNotNull(canceled.getEndedAt());

        List<String> live = stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customer.getId()).build())
                .getData().stream().map(Subscription::getId).toList();
        assertEquals(List.of(first.getId()), live);
        List<String> ended = stripe.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(customer.getId())
                .setStatus(SubscriptionListParams.Status.CANCELED).build()).getData().stream().map(Subscription::getId).toList();
        assertEquals(List.of(second.getId()), ended);
    }
}
