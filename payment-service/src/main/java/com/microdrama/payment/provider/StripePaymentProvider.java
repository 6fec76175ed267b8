package com.microdrama.payment.provider;

import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.support.problem.ProblemException;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.model.InvoicePayment;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, String> planPrices;
    private final Clock clock;
    private final Map<String, LookedUp> lookedUp = new ConcurrentHashMap<>();
    private static final Duration PRICE_LOOKUP_TTL = Duration.ofMinutes(10);

    public StripePaymentProvider(PaymentConfig config, Clock clock) {
        this.clock = clock;
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
        this.planPrices = settings.planPrices();
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

    /**
     * VIP through Stripe Billing (decision 0018): the user's Customer (created once, our user id in its metadata and
     * in its Idempotency-Key), then a Subscription on the plan's Price with {@code default_incomplete}: nothing is
     * charged and no access starts until Stripe says so by its events. The answer carries the first invoice's
     * confirmation secret for the app to pay it (none during a free trial).
     */
    @Override
    public Uni<ProviderSubscription> createSubscription(SubscriptionIntentRequest request) {
        return priceOf(request.planId()).chain(price -> {
            if (price == null) {
                return Uni.createFrom().failure(new ProblemException(503, "payment-provider-unavailable",
                        "Payment provider unavailable", "The plan '" + request.planId() + "' is not sold through Stripe here"));
            }
            return subscribe(request, price);
        });
    }

    /**
     * The plan's Price: the configured id, else Stripe's active Price whose {@code lookup_key} is the plan id (how
     * Stripe lets a price change without a deploy), remembered for {@code PRICE_LOOKUP_TTL}.
     */
    private Uni<String> priceOf(String planId) {
        String configured = planPrices.get(planId);
        if (configured != null && !configured.isBlank()) {
            return Uni.createFrom().item(configured);
        }
        LookedUp known = lookedUp.get(planId);
        if (known != null && known.at().plus(PRICE_LOOKUP_TTL).isAfter(clock.instant())) {
            return Uni.createFrom().item(known.priceId());
        }
        PriceListParams params = PriceListParams.builder().addLookupKey(planId).setActive(true).build();
        return call("find the plan's Price", () -> stripe.v1().prices().list(params))
                .map(list -> list.getData().stream().filter(p -> planId.equals(p.getLookupKey()))
                        .map(Price::getId).findFirst().orElse(null))
                .invoke(id -> {
                    if (id != null) {
                        lookedUp.put(planId, new LookedUp(id, clock.instant()));
                    }
                });
    }

    private record LookedUp(String priceId, Instant at) {
    }

    private Uni<ProviderSubscription> subscribe(SubscriptionIntentRequest request, String price) {
        Uni<String> customer = request.customerId() != null ? Uni.createFrom().item(request.customerId())
                : call("create a Customer", () -> stripe.v1().customers().create(CustomerCreateParams.builder()
                                .putMetadata("userId", request.userId())
                                .build(),
                        RequestOptions.builder().setIdempotencyKey("customer-" + request.userId()).build()))
                .map(Customer::getId);
        return customer.chain(customerId -> {
            SubscriptionCreateParams.Builder params = SubscriptionCreateParams.builder()
                    .setCustomer(customerId)
                    .addItem(SubscriptionCreateParams.Item.builder().setPrice(price).build())
                    .setPaymentBehavior(SubscriptionCreateParams.PaymentBehavior.DEFAULT_INCOMPLETE)
                    .setPaymentSettings(SubscriptionCreateParams.PaymentSettings.builder()
                            .setSaveDefaultPaymentMethod(
                                    SubscriptionCreateParams.PaymentSettings.SaveDefaultPaymentMethod.ON_SUBSCRIPTION)
                            .build())
                    .putMetadata("subscriptionId", request.subscriptionId().toString())
                    .putMetadata("userId", request.userId())
                    .putMetadata("planId", request.planId())
                    .addExpand("latest_invoice.confirmation_secret");
            if (request.trialDays() > 0) {
                params.setTrialPeriodDays((long) request.trialDays());
            }
            RequestOptions options = RequestOptions.builder()
                    .setIdempotencyKey("subscription-" + request.subscriptionId()).build();
            return call("create a Subscription", () -> stripe.v1().subscriptions().create(params.build(), options))
                    .map(sub -> new ProviderSubscription(sub.getId(), ProviderSubscription.Status.INCOMPLETE,
                            confirmationSecret(sub), customerId));
        });
    }

    private static String confirmationSecret(Subscription sub) {
        Invoice invoice = sub.getLatestInvoiceObject();
        return invoice == null || invoice.getConfirmationSecret() == null ? null
                : invoice.getConfirmationSecret().getClientSecret();
    }

    @Override
    public Uni<Void> cancelAtPeriodEnd(String providerSubscriptionId, boolean cancel, String idempotencyKey) {
        SubscriptionUpdateParams params = SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(cancel).build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
        return call(cancel ? "cancel a Subscription at period end" : "resume a Subscription",
                () -> stripe.v1().subscriptions().update(providerSubscriptionId, params, options))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> cancelNow(String providerSubscriptionId) {
        return call("cancel a Subscription", () -> stripe.v1().subscriptions().cancel(providerSubscriptionId))
                .replaceWithVoid();
    }

    @Override
    public Uni<ProviderSubscriptionSnapshot> subscription(String providerSubscriptionId) {
        return call("read a Subscription", () -> stripe.v1().subscriptions().retrieve(providerSubscriptionId))
                .map(this::snapshotOf);
    }

    /**
     * A Refund of the PaymentIntent: our refund id in its metadata and, prefixed, as the Idempotency-Key, so that a
     * refund retried after a crash between Stripe's answer and our commit is the same Refund, not a second one.
     */
    @Override
    public Uni<Optional<ProviderRefund>> refund(String providerPaymentId, BigDecimal amount, String currency,
                                                UUID refundId) {
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setPaymentIntent(providerPaymentId)
                .putMetadata("refundId", refundId.toString());
        if (amount != null) {
            params.setAmount(StripeMoney.minorUnits(amount, currency));
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("refund-" + refundId).build();
        return call("create a Refund", () -> stripe.v1().refunds().create(params.build(), options))
                .map(refund -> Optional.of(new ProviderRefund(refund.getId(), refund.getStatus())));
    }

    /** The newest paid invoice with money on it (a trial's invoice of 0 is none) and its PaymentIntent, refunded whole. */
    @Override
    public Uni<Optional<ProviderRefund>> refundLatestPayment(String providerSubscriptionId, UUID refundId) {
        InvoiceListParams params = InvoiceListParams.builder().setSubscription(providerSubscriptionId)
                .setStatus(InvoiceListParams.Status.PAID).setLimit(10L).build();
        return call("list a Subscription's invoices", () -> stripe.v1().invoices().list(params))
                .chain(list -> {
                    Optional<String> paymentIntent = list.getData().stream()
                            .filter(invoice -> invoice.getAmountPaid() != null && invoice.getAmountPaid() > 0)
                            .max(Comparator.comparing(invoice -> invoice.getCreated() == null ? 0L : invoice.getCreated()))
                            .flatMap(StripePaymentProvider::paymentIntentOf);
                    return paymentIntent.isEmpty() ? Uni.createFrom().item(Optional.<ProviderRefund>empty())
                            : refund(paymentIntent.get(), null, null, refundId);
                });
    }

    private static Optional<String> paymentIntentOf(Invoice invoice) {
        if (invoice.getPayments() == null || invoice.getPayments().getData() == null) {
            return Optional.empty();
        }
        return invoice.getPayments().getData().stream()
                .filter(p -> p.getPayment() != null && p.getPayment().getPaymentIntent() != null)
                .filter(p -> p.getStatus() == null || "paid".equals(p.getStatus()))
                .map((InvoicePayment p) -> p.getPayment().getPaymentIntent())
                .findFirst();
    }

    /**
     * {@code cancellation_reason=abandoned}. Stripe refuses to cancel an intent that succeeded or is processing
     * ({@code payment_intent_unexpected_state}); the intent is read back then, and only one already canceled counts
     * as cancelled: the others' own event decides the purchase.
     */
    @Override
    public Uni<PaymentCancellation> cancelPayment(String providerPaymentId) {
        PaymentIntentCancelParams params = PaymentIntentCancelParams.builder()
                .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED).build();
        return VertxContextSupport.executeBlocking(() -> stripe.v1().paymentIntents().cancel(providerPaymentId, params))
                .map(intent -> PaymentCancellation.CANCELED)
                .onFailure(e -> e instanceof StripeException se && "payment_intent_unexpected_state".equals(se.getCode()))
                .recoverWithUni(() -> call("read a PaymentIntent",
                        () -> stripe.v1().paymentIntents().retrieve(providerPaymentId))
                        .map(intent -> "canceled".equals(intent.getStatus()) ? PaymentCancellation.CANCELED
                                : PaymentCancellation.ALREADY_PAID))
                .onFailure(StripeException.class).transform(e -> problem("cancel a PaymentIntent", (StripeException) e));
    }

    @Override
    public Uni<String> disputeStatus(String disputeId) {
        return call("read a Dispute", () -> stripe.v1().disputes().retrieve(disputeId)).map(d -> d.getStatus());
    }

    ProviderSubscriptionSnapshot snapshotOf(Subscription sub) {
        SubscriptionItem item = sub.getItems() == null || sub.getItems().getData() == null
                || sub.getItems().getData().isEmpty() ? null : sub.getItems().getData().get(0);
        boolean trialing = "trialing".equals(sub.getStatus());
        Long start = trialing && sub.getTrialStart() != null ? sub.getTrialStart()
                : item == null ? null : item.getCurrentPeriodStart();
        Long end = trialing && sub.getTrialEnd() != null ? sub.getTrialEnd()
                : item == null ? null : item.getCurrentPeriodEnd();
        Price price = item == null ? null : item.getPrice();
        return new ProviderSubscriptionSnapshot(sub.getId(), sub.getStatus(),
                Boolean.TRUE.equals(sub.getCancelAtPeriodEnd()), epoch(start), epoch(end),
                price == null ? null : price.getId(), price == null ? null : planOf(price),
                price == null ? null : price.getUnitAmount(),
                price == null ? null : price.getCurrency());
    }

    /** Our plan a Price bills: by the configured ids, else by its lookup key (see {@link #priceOf}). */
    private String planOf(Price price) {
        return planPrices.entrySet().stream().filter(e -> e.getValue().equals(price.getId())).map(Map.Entry::getKey)
                .findFirst().orElse(price.getLookupKey());
    }

    private static Instant epoch(Long seconds) {
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
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
        return VertxContextSupport.executeBlocking(call).onFailure(StripeException.class)
                .transform(failure -> problem(what, (StripeException) failure));
    }

    private static ProblemException problem(String what, StripeException e) {
        LOG.warnf("Stripe refused to %s: %s (request %s)", what, e.getMessage(), e.getRequestId());
        if (e instanceof ApiConnectionException || e instanceof RateLimitException
                || e instanceof AuthenticationException || e.getStatusCode() == null || e.getStatusCode() >= 500) {
            return new ProblemException(503, "payment-provider-unavailable", "Payment provider unavailable",
                    "The payment provider could not be reached; nothing was charged, try again shortly");
        }
        return new ProblemException(502, "payment-provider-error", "Payment provider error",
                "The payment provider refused the request; nothing was charged");
    }
}
