package com.microdrama.payment.it;

import com.microdrama.testsupport.LocalSecrets;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.model.WebhookEndpoint;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.WebhookEndpointCreateParams;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * payment-service billing through the local platform's Stripe emulator, as against Stripe: the VIP plans' Prices
 * created at Stripe, and a webhook endpoint registered for this test instance (Stripe's Webhook Endpoints API), whose
 * signing secret the service verifies with. Events reach the real webhook endpoint as Stripe sends them.
 */
public final class StripeBilling {
    static final String EMULATOR = "http://127.0.0.1:12111";
    /** {@code %test.quarkus.http.test-port}: where the service under test listens. */
    static final int TEST_PORT = 18081;

    private StripeBilling() {
    }

    static StripeClient client() {
        return StripeClient.builder().setApiKey(LocalSecrets.get("STRIPE_API_KEY")).setApiBase(EMULATOR).build();
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("payment.provider", "stripe",
                    "payment.stripe.api-key", LocalSecrets.get("STRIPE_API_KEY"),
                    "payment.stripe.api-base", EMULATOR);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Resource.class));
        }
    }

    /**
     * As production runs (application.properties' {@code %prod} payment settings, the defaults of PaymentConfig
     * instead of the {@code %test} shortcuts) with Stripe as the only provider, except that events are test-mode ones
     * (the emulator's) and a purchase is abandoned after seconds instead of a day.
     */
    public static class ProductionLike extends Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("payment.sandbox.auto-confirm", "false");
            config.put("payment.subscription.expiry-leeway", "PT1H");
            config.put("payment.subscription.expiry-interval", "1m");
            config.put("payment.bonus-expiry.interval", "1m");
            config.put("payment.purchase.abandon-after", "PT4S");
            config.put("payment.purchase.abandon-interval", "1s");
            config.put("payment.purchase.abandon-initial-delay", "1s");
            return config;
        }
    }

    /** Creates the plans' Prices and this instance's webhook endpoint before the service starts. */
    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private String endpointId;

        @Override
        public Map<String, String> start() {
            StripeClient stripe = client();
            try {
                Product vip = stripe.v1().products().create(ProductCreateParams.builder().setName("VIP").build());
                Map<String, String> config = new HashMap<>();
                config.put("payment.stripe.plan-prices.vip-weekly", recurring(stripe, vip, 1999, PriceCreateParams.Recurring.Interval.WEEK));
                config.put("payment.stripe.plan-prices.vip-monthly", recurring(stripe, vip, 3999, PriceCreateParams.Recurring.Interval.MONTH));
                WebhookEndpoint endpoint = stripe.v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                        .setUrl("http://127.0.0.1:" + TEST_PORT + "/api/payments/webhooks/stripe")
                        .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                        .setDescription("payment-service tests")
                        .build());
                endpointId = endpoint.getId();
                config.put("payment.stripe.webhook-secret", endpoint.getSecret());
                return config;
            } catch (StripeException e) {
                throw new IllegalStateException("the local platform's Stripe emulator refused: " + e.getMessage(), e);
            }
        }

        private static String recurring(StripeClient stripe, Product product, long cents,
                                        PriceCreateParams.Recurring.Interval interval) throws StripeException {
            Price price = stripe.v1().prices().create(PriceCreateParams.builder()
                    .setProduct(product.getId())
                    .setCurrency("usd")
                    .setUnitAmount(cents)
                    .setRecurring(PriceCreateParams.Recurring.builder().setInterval(interval).build())
                    .build());
            return price.getId();
        }

        @Override
        public void stop() {
            if (endpointId != null) {
                try {
                    client().v1().webhookEndpoints().delete(endpointId);
                } catch (StripeException e) {
                    // the emulator keeps nothing across restarts anyway; a leftover endpoint only gets refused deliveries
                }
            }
        }
    }
}
