package com.microdrama.payment.provider;

import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.support.problem.ProblemException;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import org.jboss.logging.Logger;

import java.util.concurrent.Callable;

/**
 * Web payments through Stripe's API with stripe-java (decision 0015). The API base is configurable so that the local
 * platform's Stripe emulator is spoken to exactly as Stripe is.
 *
 * <p>A coin pack is a PaymentIntent for the pack's price, our ids in its metadata and our purchase id as the
 * Idempotency-Key: a retried call returns the same intent, never a second one. Creating it charges nothing; the
 * purchase completes only on the signed {@code payment_intent.succeeded} (StripeWebhookService).
 *
 * <p>stripe-java blocks on its HTTP call, so each call runs on a worker thread and its answer comes back on the
 * caller's Vert.x context, where the caller's reactive session lives.
 */
@ApplicationScoped
@Typed(StripePaymentProvider.class)
public class StripePaymentProvider implements PaymentProvider {
    public static final String NAME = "stripe";
    private static final Logger LOG = Logger.getLogger(StripePaymentProvider.class);

    private final StripeClient stripe;

    public StripePaymentProvider(PaymentConfig config) {
        PaymentConfig.Stripe settings = config.stripe();
        String apiKey = settings.apiKey().filter(key -> !key.isBlank()).orElseThrow(() -> new IllegalStateException(
                "payment.provider=stripe needs payment.stripe.api-key (STRIPE_API_KEY), the secret API key"));
        this.stripe = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(settings.apiBase())
                .setMaxNetworkRetries(settings.maxNetworkRetries())
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setReadTimeout((int) settings.readTimeout().toMillis())
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<PaymentIntent> createPaymentIntent(PaymentIntentRequest request) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(StripeMoney.minorUnits(request.amount(), request.currency()))
                .setCurrency(StripeMoney.stripeCurrency(request.currency()))
                .setDescription(request.description())
                .putMetadata("purchaseId", request.purchaseId().toString())
                .putMetadata("userId", request.userId())
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true).build())
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(request.purchaseId().toString()).build();
        return call("create a PaymentIntent", () -> stripe.v1().paymentIntents().create(params, options))
                .map(StripePaymentProvider::intentOf);
    }

    /** VIP through Stripe Billing is not wired to subscriptions yet: refused before anything is stored. */
    @Override
    public Uni<ProviderSubscription> createSubscription(SubscriptionIntentRequest request) {
        return Uni.createFrom().failure(new ProblemException(503, "payment-provider-unavailable",
                "Payment provider unavailable", "VIP subscriptions cannot be started through Stripe yet"));
    }

    static PaymentIntent intentOf(com.stripe.model.PaymentIntent intent) {
        PaymentIntent.Status status = switch (intent.getStatus()) {
            case "succeeded" -> PaymentIntent.Status.SUCCEEDED;
            case "canceled" -> PaymentIntent.Status.FAILED;
            // requires_payment_method / requires_confirmation / requires_action / processing / requires_capture:
            // the app confirms with the client secret, the webhook tells the outcome
            default -> PaymentIntent.Status.REQUIRES_ACTION;
        };
        return new PaymentIntent(intent.getId(), status, intent.getClientSecret());
    }

    private static <T> Uni<T> call(String what, Callable<T> call) {
        return VertxContextSupport.executeBlocking(call).onFailure(StripeException.class).transform(failure -> {
            StripeException e = (StripeException) failure;
            LOG.warnf("Stripe refused to %s: %s (request %s)", what, e.getMessage(), e.getRequestId());
            if (e instanceof ApiConnectionException || e instanceof RateLimitException
                    || e instanceof AuthenticationException || e.getStatusCode() == null || e.getStatusCode() >= 500) {
                return new ProblemException(503, "payment-provider-unavailable", "Payment provider unavailable",
                        "The payment provider could not be reached; nothing was charged, try again shortly");
            }
            return new ProblemException(502, "payment-provider-error", "Payment provider error",
                    "The payment provider refused the request; nothing was charged");
        });
    }
}
