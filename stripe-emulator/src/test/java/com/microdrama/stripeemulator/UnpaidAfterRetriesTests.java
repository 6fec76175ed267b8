package com.microdrama.stripeemulator;

import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.testhelpers.TestClockAdvanceParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stripe's other setting for the end of the retries: the subscription stays, {@code unpaid}. */
@QuarkusTest
@QuarkusTestResource(WebhookReceiver.class)
@TestProfile(UnpaidAfterRetriesTests.OneRetryThenUnpaid.class)
class UnpaidAfterRetriesTests {

    public static class OneRetryThenUnpaid implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("emulator.billing.retry-days", "2", "emulator.billing.after-final-failure", "unpaid");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void afterTheConfiguredRetriesTheSubscriptionIsUnpaid() throws Exception {
        StripeClient stripe = Emulator.client(base);
        long start = 1_800_000_000L;
        TestClock clock = stripe.v1().testHelpers().testClocks().create(TestClockCreateParams.builder().setFrozenTime(start).build());
        Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().setTestClock(clock.getId())
                .setPaymentMethod("pm_card_chargeCustomerFail").setInvoiceSettings(CustomerCreateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod("pm_card_chargeCustomerFail").build()).build());
        Subscription sub = stripe.v1().subscriptions().create(SubscriptionCreateParams.builder().setCustomer(customer.getId())
                .setTrialPeriodDays(1L).addItem(SubscriptionCreateParams.Item.builder()
                        .setPrice(Emulator.monthlyPrice(stripe, 400).getId()).build()).build());

        stripe.v1().testHelpers().testClocks().advance(clock.getId(), TestClockAdvanceParams.builder().setFrozenTime(start + 5 * 86400).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(stripe.v1().testHelpers().testClocks().retrieve(clock.getId()).getStatus()));

        assertEquals("unpaid", stripe.v1().subscriptions().retrieve(sub.getId()).getStatus());
        Invoice failed = stripe.v1().invoices().list(InvoiceListParams.builder().setSubscription(sub.getId()).build()).getData().get(0);
        assertEquals(2L, failed.getAttemptCount());
        assertEquals("open", failed.getStatus());
    }
}
