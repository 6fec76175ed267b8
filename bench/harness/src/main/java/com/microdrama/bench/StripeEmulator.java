package com.microdrama.bench;

import com.microdrama.testsupport.LocalSecrets;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.WebhookEndpoint;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.WebhookEndpointCreateParams;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The local platform's Stripe emulator (decision 0017) as the bench speaks to it: through stripe-java, as the app's
 * Stripe.js and Stripe's dashboard would to Stripe. The bench's payment-service copy gets its own webhook endpoint
 * here, so the emulator signs the bench's events with a secret only that copy and the harness know.
 */
final class StripeEmulator {
    static final String API_BASE = System.getProperty("bench.stripe.api-base", "http://127.0.0.1:12111");
    /** Stripe's test card that succeeds: a confirmation with it sends payment_intent.succeeded. */
    static final String CARD_SUCCEEDS = "pm_card_visa";

    private static volatile StripeClient client;

    record Endpoint(String id, String secret) {
    }

    static String apiKey() {
        return LocalSecrets.get("STRIPE_API_KEY");
    }

    static StripeClient client() {
        if (client == null) {
            synchronized (StripeEmulator.class) {
                if (client == null) {
                    client = StripeClient.builder().setApiKey(apiKey()).setApiBase(API_BASE).build();
                }
            }
        }
        return client;
    }

    /**
     * A webhook endpoint for the payment-service listening on {@code port}. Only the payment_intent events the bench
     * causes: with {@code *} the copy would also take every subscription and refund event of the payment-service
     * tests that share the emulator, answer them (some with 409, which the emulator then retries) and be measured
     * doing so.
     */
    static Endpoint register(int port) {
        try {
            WebhookEndpoint e = client().v1().webhookEndpoints().create(WebhookEndpointCreateParams.builder()
                    .setUrl(Fleet.url(port) + "/api/payments/webhooks/stripe")
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.PAYMENT_INTENT__SUCCEEDED)
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.PAYMENT_INTENT__PAYMENT_FAILED)
                    .setDescription("bench payment-service on port " + port)
                    .build());
            return new Endpoint(e.getId(), e.getSecret());
        } catch (StripeException e) {
            throw new IllegalStateException("the Stripe emulator (" + API_BASE + ") refused the bench's webhook endpoint;"
                    + " is the platform up (bash deploy/local/platform.sh status)? " + e.getMessage(), e);
        }
    }

    /**
     * Whether the endpoint is still registered for {@code port}. The emulator keeps endpoints in memory and reuses
     * their ids after a restart, so an id alone could name another client's endpoint: the URL must match too.
     */
    static boolean registered(Endpoint endpoint, int port) {
        try {
            WebhookEndpoint e = client().v1().webhookEndpoints().retrieve(endpoint.id());
            return e.getUrl().startsWith(Fleet.url(port) + "/") && !"disabled".equals(e.getStatus());
        } catch (StripeException e) {
            return false;
        }
    }

    static void deleteQuietly(Endpoint endpoint) {
        try {
            client().v1().webhookEndpoints().delete(endpoint.id());
        } catch (StripeException | RuntimeException e) {
            // the emulator keeps nothing across restarts; a leftover endpoint only gets refused deliveries
            System.err.println("WARN: could not delete the webhook endpoint " + endpoint.id() + ": " + e);
        }
    }

    /** What the app does with the client secret: confirm the PaymentIntent with a card (here Stripe's test card). */
    static void confirm(String paymentIntentId) {
        try {
            client().v1().paymentIntents().confirm(paymentIntentId,
                    PaymentIntentConfirmParams.builder().setPaymentMethod(CARD_SUCCEEDS).build());
        } catch (StripeException e) {
            throw new IllegalStateException("confirming " + paymentIntentId + " at the Stripe emulator failed: " + e.getMessage(), e);
        }
    }

    /** {@code pi_…_secret_…} → {@code pi_…}: Stripe's client secrets start with their PaymentIntent's id. */
    static String paymentIntentOf(String clientSecret) {
        int cut = clientSecret == null ? -1 : clientSecret.indexOf("_secret_");
        if (cut <= 0) {
            throw new IllegalStateException("not a PaymentIntent client secret: " + clientSecret);
        }
        return clientSecret.substring(0, cut);
    }

    /** Stripe's signature header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" with the endpoint secret>}. */
    static String signature(String secret, long unixSeconds, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] v1 = mac.doFinal((unixSeconds + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(v1);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private StripeEmulator() {
    }
}
