package com.microdrama.payment.webhook;

import com.microdrama.payment.config.PaymentConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.outbox.Outbox;
import com.microdrama.payment.pack.ProviderPaymentEvents;
import com.microdrama.payment.provider.PaymentProvider;
import com.microdrama.support.problem.ProblemException;
import com.microdrama.payment.refund.PackRefunds;
import com.microdrama.payment.refund.RefundService;
import com.microdrama.payment.subscription.SubscriptionService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies Stripe webhook events exactly once. The event id goes into provider_event first, in the same transaction
 * as the effect: a redelivered event (Stripe retries for days, and sends duplicates) finds the row and does nothing;
 * a parallel duplicate waits on the row's insert and then finds it. A failure rolls both back, so Stripe's retry
 * gets another chance. Events the current state does not allow (late, out of order, unknown ids) are recorded and
 * acknowledged as ignored: retrying them could never help.
 *
 * <p>Our ids travel as metadata set when the payment or subscription was created: {@code purchaseId} on payment
 * intents and charges, {@code subscriptionId} on subscriptions, invoices and their charges.
 */
@ApplicationScoped
public class StripeWebhookService {
    static final String PROVIDER = "stripe";
    /** The outcome of a refund or dispute of a purchase whose payment's own event has not been applied yet. */
    static final String NOT_PAID_YET = "ignored: payment not applied yet: ";

    private final StripeSignatureVerifier verifier;
    private final PaymentConfig.Stripe config;
    private final ProviderPaymentEvents payments;
    private final SubscriptionService subscriptions;
    private final RefundService refunds;
    private final PaymentProvider provider;
    private final Outbox outbox;
    private final ProviderEventLog events;
    private final ObjectMapper json;
    private final Clock clock;
    private final WebhookMetrics metrics;

    public StripeWebhookService(StripeSignatureVerifier verifier, PaymentConfig config, ProviderPaymentEvents payments,
                                SubscriptionService subscriptions, RefundService refunds, PaymentProvider provider,
                                Outbox outbox, ProviderEventLog events, ObjectMapper json, Clock clock,
                                WebhookMetrics metrics) {
        this.metrics = metrics;
        this.provider = provider;
        this.clock = clock;
        this.verifier = verifier;
        this.config = config.stripe();
        this.payments = payments;
        this.subscriptions = subscriptions;
        this.refunds = refunds;
        this.outbox = outbox;
        this.events = events;
        this.json = json;
    }

    public Uni<ProviderEventLog.Result> handle(String payload, String signatureHeader) {
        try {
            verifier.verify(payload, signatureHeader);
        } catch (ProblemException invalid) {
            metrics.invalidSignature(PROVIDER);
            throw invalid;
        }
        JsonNode event = parse(payload);
        String eventId = event.path("id").asText("");
        String type = event.path("type").asText("");
        if (eventId.isBlank() || type.isBlank()) {
            throw ProblemException.badRequest("malformed-event", "Malformed event", "A Stripe event needs an id and a type");
        }
        JsonNode object = event.path("data").path("object");
        JsonNode livemode = event.path("livemode");
        Optional<String> wrongMode = WebhookChecks.mode(livemode.isBoolean() ? livemode.asBoolean() : null, config.livemode());
        return events.once(PROVIDER, eventId, type, () -> wrongMode.isPresent()
                        ? Uni.createFrom().item("rejected: " + wrongMode.get())
                        : apply(type, object).invoke(outcome -> retryIfTooEarly(outcome, event, object)))
                .invoke(result -> {
                    Log.infof("Stripe event %s (%s): %s", result.eventId(), result.type(), result.outcome());
                    if (!result.duplicate()) {
                        outbox.afterCommit();
                    }
                });
    }

    /**
     * Stripe sends a new subscription's first events while the request that created it is still running here (the
     * trial starts at creation): an event naming a subscription we do not know yet is refused while it is young, so
     * that Stripe delivers it again once our row is committed. An older one names nothing of ours and is acknowledged.
     */
    private void retryIfTooEarly(String outcome, JsonNode event, JsonNode object) {
        JsonNode created = event.path("created");
        // likewise a refund we asked for (our refundId in its metadata) whose row has not committed yet, and a refund
        // or dispute that overtook the payment_intent.succeeded of its purchase
        boolean ours = outcome.startsWith(SubscriptionService.UNKNOWN_SUBSCRIPTION) || outcome.startsWith(NOT_PAID_YET)
                || (outcome.startsWith(RefundService.UNKNOWN_REFUND) && metadata(object, "refundId") != null);
        if (ours && created.canConvertToLong()
                && Instant.ofEpochSecond(created.asLong()).plus(config.unknownObjectRetry()).isAfter(clock.instant())) {
            throw new ProblemException(409, "unknown-object-yet", "Not known yet",
                    "The event names a subscription, refund or payment that is not applied yet; deliver it again");
        }
    }

    private Uni<String> apply(String type, JsonNode object) {
        return switch (type) {
            case "payment_intent.succeeded" -> payments.succeeded(uuid(metadata(object, "purchaseId")), text(object, "id"),
                    purchase -> WebhookChecks.amount(minorUnits(object, "amount"), text(object, "currency"),
                            purchase.priceAmount, purchase.currency));
            // why, as Stripe tells the buyer: the bank's decline code, else Stripe's error code (decision 0019)
            case "payment_intent.payment_failed" -> {
                Decline decline = decline(object);
                yield payments.failed(uuid(metadata(object, "purchaseId")), text(object, "id"), decline.code(),
                        decline.message());
            }
            case "payment_intent.canceled" -> {
                String reason = text(object, "cancellation_reason");
                yield payments.failed(uuid(metadata(object, "purchaseId")), text(object, "id"),
                        reason == null ? "canceled" : reason, "The payment was cancelled at the provider");
            }
            case "invoice.paid" -> withSubscription(object, id -> {
                Period period = period(object);
                if (period.end() == null) {
                    return Uni.createFrom().item("ignored: invoice without a period end");
                }
                return subscriptions.providerRenewed(id, period.start(), period.end(), (plan, currentEnd) ->
                        WebhookChecks.amount(minorUnits(object, "amount_paid"), text(object, "currency"),
                                        plan.priceAmount, plan.currency)
                                .or(() -> WebhookChecks.renewal(period.start(), period.end(), plan.periodDays,
                                        config.renewalSlack(), currentEnd)));
            });
            case "invoice.payment_failed" -> withSubscription(object,
                    id -> subscriptions.providerBillingIssue(id, period(object).end()));
            // the subscription object of the event may be older than the one Stripe holds now: read back (decision 0018)
            case "customer.subscription.created", "customer.subscription.updated" ->
                    withSubscription(object, id -> subscriptions.providerChanged(id, false));
            case "customer.subscription.deleted" -> withSubscription(object, id -> subscriptions.providerChanged(id, true));
            case "charge.refunded" -> refund(type, object, false);
            // a dispute already won at Stripe (its closing event overtook this one) takes nothing back
            case "charge.dispute.created" -> provider.disputeStatus(text(object, "id")).chain(status -> "won".equals(status)
                    ? Uni.createFrom().item("ignored: dispute " + text(object, "id") + " is already won")
                    : refund(type, object, true));
            case "charge.dispute.closed" -> refunds.disputeClosed(text(object, "id"), text(object, "status"));
            // refund.created adds nothing to what the refund's own request answered
            case "refund.updated", "refund.failed" -> refunds.providerRefundStatus(text(object, "id"),
                    text(object, "status"), text(object, "failure_reason"));
            default -> Uni.createFrom().item("ignored: event type not handled");
        };
    }

    private Uni<String> refund(String type, JsonNode object, boolean chargeback) {
        String reason = chargeback ? "chargeback: " + object.path("reason").asText("dispute") : "refunded at the provider";
        String source = PROVIDER + ":" + type;
        UUID subscriptionId = uuid(metadata(object, "subscriptionId"));
        PackRefunds.Ask ask = chargeback ? new PackRefunds.Rest() : refundAsk(object);
        Uni<String> done;
        if (subscriptionId != null) {
            if (!(ask instanceof PackRefunds.Rest)) {
                // Stripe keeps a subscription running after a partial refund of its invoice; so do we
                return Uni.createFrom().item("ignored: partial refund of a subscription charge, access unchanged");
            }
            done = refunds.refundSubscription(subscriptionId, reason, chargeback, source, PROVIDER)
                    .map(r -> "refunded subscription " + subscriptionId + " (refund " + r.id + ")");
        } else {
            UUID purchaseId = uuid(metadata(object, "purchaseId"));
            String paymentIntent = text(object, "payment_intent");
            String currency = chargeback ? null : text(object, "currency");
            Uni<UUID> purchase = purchaseId != null || paymentIntent == null
                    ? Uni.createFrom().item(purchaseId)
                    : refunds.purchaseByProviderPayment(paymentIntent);
            done = purchase.chain(id -> id == null
                    ? Uni.createFrom().item("ignored: the charge names no purchase or subscription of ours")
                    : refunds.refundPack(id, ask, currency, reason, chargeback, source, PROVIDER,
                            chargeback ? text(object, "id") : latestRefund(object))
                            .map(r -> (r.partial ? "partially refunded purchase " : "refunded purchase ") + id
                                    + " (refund " + r.id + ", " + r.amount + " " + r.currency + ", " + r.coins + " coins)"));
        }
        // a refund or dispute of a charge whose payment_intent.succeeded is not applied yet (Stripe does not order
        // its events): asked again later, when the purchase has its coins to take back
        // already refunded (e.g. by an admin first, or an older event with a smaller total) or unknown: nothing to do
        return done.onFailure(ProblemException.class).recoverWithItem(e -> {
            ProblemException problem = (ProblemException) e;
            return ("PENDING".equals(problem.extensions().get("purchaseStatus")) ? NOT_PAID_YET : "ignored: ")
                    + e.getMessage();
        });
    }

    record Decline(String code, String message) {
    }

    /**
     * Why a PaymentIntent's last attempt failed: the bank's {@code decline_code} when there is one (it says more:
     * {@code insufficient_funds}, not just {@code card_declined}), else Stripe's error {@code code}, else
     * {@code payment_failed}; and Stripe's message for the buyer.
     */
    static Decline decline(JsonNode intent) {
        JsonNode error = intent.path("last_payment_error");
        String code = text(error, "decline_code") != null ? text(error, "decline_code") : text(error, "code");
        return new Decline(code == null ? "payment_failed" : code, text(error, "message"));
    }

    /** The charge's newest Refund (Stripe lists them newest first): the one a {@code charge.refunded} reports. */
    private static String latestRefund(JsonNode charge) {
        JsonNode refunds = charge.path("refunds").path("data");
        return refunds.isArray() && !refunds.isEmpty() ? text(refunds.get(0), "id") : null;
    }

    /**
     * What a {@code charge.refunded} asks for. Stripe's {@code amount_refunded} is the charge's running total (minor
     * units), so redelivered, duplicated or reordered events ask for a total that is already reached and change
     * nothing. A charge refunded in full, or one without amounts, asks for whatever is left.
     */
    static PackRefunds.Ask refundAsk(JsonNode charge) {
        JsonNode refunded = charge.path("amount_refunded");
        JsonNode amount = charge.path("amount");
        if (charge.path("refunded").asBoolean(false) || !refunded.canConvertToLong()
                || (amount.canConvertToLong() && refunded.asLong() >= amount.asLong())) {
            return new PackRefunds.Rest();
        }
        return new PackRefunds.UpTo(refunded.asLong());
    }

    private Uni<String> withSubscription(JsonNode object, java.util.function.Function<UUID, Uni<String>> action) {
        UUID id = uuid(metadata(object, "subscriptionId"));
        return id == null ? Uni.createFrom().item("ignored: no subscriptionId in the metadata") : action.apply(id);
    }

    /** The metadata value on the object itself, its subscription details, or its first line item that has it. */
    static String metadata(JsonNode object, String key) {
        for (JsonNode candidate : new JsonNode[]{object.path("metadata"),
                object.path("subscription_details").path("metadata"),
                object.path("parent").path("subscription_details").path("metadata")}) {
            String value = text(candidate, key);
            if (value != null) {
                return value;
            }
        }
        for (JsonNode line : object.path("lines").path("data")) {
            String value = text(line.path("metadata"), key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    record Period(Instant start, Instant end) {
    }

    /**
     * The service period an invoice pays for: its line item's period (Stripe's invoice-level period_* describe the
     * previous period for subscription invoices), else metadata periodStart/periodEnd (epoch seconds).
     */
    static Period period(JsonNode invoice) {
        for (JsonNode line : invoice.path("lines").path("data")) {
            JsonNode p = line.path("period");
            if (p.path("end").canConvertToLong() && p.path("end").asLong() > 0) {
                return new Period(epoch(p.path("start")), epoch(p.path("end")));
            }
        }
        return new Period(epoch(metadata(invoice, "periodStart")), epoch(metadata(invoice, "periodEnd")));
    }

    private static Instant epoch(JsonNode node) {
        return node.canConvertToLong() && node.asLong() > 0 ? Instant.ofEpochSecond(node.asLong()) : null;
    }

    private static Instant epoch(String value) {
        try {
            return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long minorUnits(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? value.asLong() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private JsonNode parse(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            if (node == null || !node.isObject()) {
                throw ProblemException.badRequest("malformed-event", "Malformed event", "The body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed-event", "Malformed event", "The body is not valid JSON");
        }
    }
}
