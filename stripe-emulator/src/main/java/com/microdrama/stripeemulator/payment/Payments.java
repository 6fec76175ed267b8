package com.microdrama.stripeemulator.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.dispute.Disputes;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * PaymentIntents and the Charges their confirmation makes, with the outcome of Stripe's test cards: success,
 * decline ({@code last_payment_error}, back to {@code requires_payment_method}), authentication
 * ({@code requires_action}), and a dispute opened on the dispute card's charge.
 */
@ApplicationScoped
public class Payments {

    private static final Set<String> CONFIRMABLE = Set.of("requires_payment_method", "requires_confirmation", "requires_action");
    private static final Set<String> CANCELABLE = Set.of("requires_payment_method", "requires_confirmation", "requires_action", "requires_capture");

    /**
     * The fields Stripe answers to a publishable key (Stripe.js's PaymentIntent object): no customer, metadata,
     * charges or amounts received, which only the secret key sees.
     */
    private static final Set<String> CLIENT_FIELDS = Set.of("id", "object", "amount", "automatic_payment_methods",
            "canceled_at", "cancellation_reason", "capture_method", "client_secret", "confirmation_method", "created",
            "currency", "description", "last_payment_error", "livemode", "next_action", "payment_method",
            "payment_method_types", "processing", "receipt_email", "setup_future_usage", "shipping", "status");

    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final PaymentMethods paymentMethods;
    private final Disputes disputes;
    private final Event<PaymentSettled> settled;

    public Payments(Store store, EmulatorTime time, Events events, PaymentMethods paymentMethods, Disputes disputes,
                    Event<PaymentSettled> settled) {
        this.store = store;
        this.time = time;
        this.events = events;
        this.paymentMethods = paymentMethods;
        this.disputes = disputes;
        this.settled = settled;
    }

    public ObjectNode create(Params p) {
        long amount = p.requiredLong("amount");
        if (amount < 1) {
            throw ApiError.invalid("parameter_invalid_integer", "amount", "This value must be greater than or equal to 1.");
        }
        String currency = p.required("currency").toLowerCase(Locale.ROOT);
        String customer = p.str("customer");
        if (customer != null) {
            store.get("customer", customer, "customer");
        }
        ObjectNode pm = p.has("payment_method") ? paymentMethods.resolve(p.str("payment_method"), "payment_method")
                : paymentMethods.fromData(p.obj("payment_method_data"));
        ObjectNode pi = create(amount, currency, customer, p.str("description"));
        if (p.obj("automatic_payment_methods").has("enabled")) {
            pi.putObject("automatic_payment_methods").put("enabled", p.obj("automatic_payment_methods").bool("enabled")).putNull("allow_redirects");
        }
        pi.put("receipt_email", p.str("receipt_email"));
        pi.put("setup_future_usage", p.str("setup_future_usage"));
        Metadata.apply(pi, p);
        if (pm != null) {
            pi.put("payment_method", pm.get("id").asText());
            pi.put("status", "requires_confirmation");
        }
        events.emit("payment_intent.created", pi);
        if (p.bool("confirm")) {
            return confirmOrThrow(pi, p);
        }
        return pi;
    }

    /** A PaymentIntent in {@code requires_payment_method}, e.g. for an invoice. */
    public ObjectNode create(long amount, String currency, String customer, String description) {
        ObjectNode pi = store.create("payment_intent", "pi");
        String id = pi.get("id").asText();
        pi.put("amount", amount);
        pi.put("currency", currency);
        pi.put("customer", customer);
        pi.put("description", description);
        pi.put("created", time.forCustomer(customer));
        pi.put("client_secret", id + "_secret_" + HexFormat.of().formatHex(id.getBytes()).substring(0, 20));
        pi.putObject("automatic_payment_methods").put("enabled", true).putNull("allow_redirects");
        return pi;
    }

    public ObjectNode get(String id) {
        return store.get("payment_intent", id, "intent");
    }

    /**
     * The PaymentIntent a publishable-key call names, when the call proves it holds the intent's
     * {@code client_secret}, as Stripe asks of Stripe.js: missing is 400 {@code parameter_missing}, another one 400
     * {@code payment_intent_invalid_parameter}.
     */
    public ObjectNode getWithClientSecret(String id, Params p) {
        String secret = p.required("client_secret");
        ObjectNode pi = get(id);
        if (!secret.equals(pi.path("client_secret").asText())) {
            throw ApiError.invalid("payment_intent_invalid_parameter", "client_secret",
                    "The client_secret provided does not match the client_secret associated with the PaymentIntent.");
        }
        return pi;
    }

    /** A copy of the PaymentIntent with only what a publishable key may see ({@link #CLIENT_FIELDS}). */
    public static ObjectNode clientView(ObjectNode pi) {
        ObjectNode view = pi.deepCopy();
        view.retain(CLIENT_FIELDS);
        return view;
    }

    public ObjectNode update(String id, Params p) {
        ObjectNode pi = get(id);
        if (p.has("description")) {
            pi.put("description", p.str("description"));
        }
        Metadata.apply(pi, p);
        return pi;
    }

    /** The API's confirm: a decline answers 402 with the PaymentIntent inside the error, as Stripe does. */
    public ObjectNode confirmOrThrow(ObjectNode pi, Params p) {
        ObjectNode pm = p.has("payment_method") ? paymentMethods.resolve(p.str("payment_method"), "payment_method")
                : paymentMethods.fromData(p.obj("payment_method_data"));
        if (pm == null && pi.hasNonNull("payment_method")) {
            pm = store.get("payment_method", pi.get("payment_method").asText(), "payment_method");
        }
        if (pm == null) {
            throw ApiError.invalid("payment_intent_unexpected_state", "payment_method",
                    "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the "
                            + "PaymentIntent with " + pi.get("customer").asText("a customer") + ", specify a payment method attached to this customer.");
        }
        if (p.has("return_url")) {
            pi.put("return_url", p.str("return_url"));
        }
        confirm(pi, pm);
        if (pi.hasNonNull("last_payment_error") && "requires_payment_method".equals(pi.get("status").asText())) {
            ObjectNode error = (ObjectNode) pi.get("last_payment_error");
            ApiError e = ApiError.card(error.get("code").asText(), error.path("decline_code").asText(null), error.get("message").asText());
            e.error.put("charge", error.path("charge").asText());
            e.error.set("payment_intent", pi.deepCopy());
            e.error.set("payment_method", error.get("payment_method").deepCopy());
            e.error.put("request_log_url", "http://127.0.0.1/_emulator/events");
            throw e;
        }
        return pi;
    }

    /** Confirms with this payment method; the outcome is on the PaymentIntent (nothing is thrown for a decline). */
    public void confirm(ObjectNode pi, ObjectNode pm) {
        String status = pi.get("status").asText();
        if (!CONFIRMABLE.contains(status)) {
            throw ApiError.unexpectedState("payment_intent", "You cannot confirm this PaymentIntent because it has a status of "
                    + status + ". Only a PaymentIntent with one of the following statuses may be confirmed: "
                    + "requires_confirmation, requires_payment_method, requires_action.");
        }
        TestCard card = paymentMethods.card(pm.get("id").asText());
        pi.put("payment_method", pm.get("id").asText());
        pi.putNull("last_payment_error");
        if (card.needsAuthentication()) {
            requireAction(pi);
        } else if (card.declineCode != null) {
            decline(pi, pm, card.declineCode, "card_declined", declineMessage(card.declineCode));
        } else {
            succeed(pi, pm, card);
        }
    }

    /** The customer passed or failed 3-D Secure (the control surface's stand-in for Stripe.js). */
    public ObjectNode authenticate(String id, boolean passed) {
        ObjectNode pi = get(id);
        if (!"requires_action".equals(pi.get("status").asText())) {
            throw ApiError.unexpectedState("payment_intent", "This PaymentIntent does not require an action (status "
                    + pi.get("status").asText() + ").");
        }
        ObjectNode pm = store.get("payment_method", pi.get("payment_method").asText(), "payment_method");
        pi.putNull("next_action");
        if (passed) {
            succeed(pi, pm, paymentMethods.card(pm.get("id").asText()));
        } else {
            decline(pi, pm, null, "payment_intent_authentication_failure",
                    "We are unable to authenticate your payment method. Please choose a different payment method and try again.");
        }
        return pi;
    }

    public ObjectNode cancel(String id, Params p) {
        ObjectNode pi = get(id);
        String status = pi.get("status").asText();
        if (!CANCELABLE.contains(status)) {
            throw ApiError.unexpectedState("payment_intent", "You cannot cancel this PaymentIntent because it has a status of "
                    + status + ". Only a PaymentIntent with one of the following statuses may be canceled: "
                    + "requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.");
        }
        pi.put("status", "canceled");
        pi.putNull("next_action");
        pi.put("canceled_at", time.forCustomer(pi.path("customer").asText(null)));
        pi.put("cancellation_reason", p.has("cancellation_reason") ? p.str("cancellation_reason") : "requested_by_customer");
        events.emit("payment_intent.canceled", pi);
        return pi;
    }

    private void requireAction(ObjectNode pi) {
        pi.put("status", "requires_action");
        ObjectNode next = pi.putObject("next_action");
        String id = pi.get("id").asText();
        if (pi.hasNonNull("return_url")) {
            next.put("type", "redirect_to_url");
            next.putObject("redirect_to_url").put("return_url", pi.get("return_url").asText())
                    .put("url", "/_emulator/payment_intents/" + id + "/authenticate");
        } else {
            next.put("type", "use_stripe_sdk");
            next.putObject("use_stripe_sdk").put("type", "three_d_secure_redirect")
                    .put("stripe_js", "/_emulator/payment_intents/" + id + "/authenticate")
                    .put("source", "src_" + id.substring(3));
        }
        pi.remove("return_url");
        events.emit("payment_intent.requires_action", pi);
    }

    private void succeed(ObjectNode pi, ObjectNode pm, TestCard card) {
        pi.remove("return_url");
        ObjectNode charge = charge(pi, pm, card, true);
        charge.put("status", "succeeded");
        pi.put("status", "succeeded");
        pi.put("amount_received", pi.get("amount").asLong());
        pi.put("latest_charge", charge.get("id").asText());
        events.emit("charge.succeeded", charge);
        events.emit("payment_intent.succeeded", pi);
        settled.fire(new PaymentSettled(pi, true));
        if (card == TestCard.DISPUTE) {
            disputes.open(charge);
        }
    }

    private void decline(ObjectNode pi, ObjectNode pm, String declineCode, String code, String message) {
        pi.remove("return_url");
        ObjectNode charge = null;
        if (declineCode != null) {
            charge = charge(pi, pm, paymentMethods.card(pm.get("id").asText()), false);
            charge.put("status", "failed");
            charge.put("failure_code", code);
            charge.put("failure_message", message);
            ObjectNode outcome = charge.with("outcome");
            outcome.put("network_status", "declined_by_network").put("reason", declineCode).put("type", "issuer_declined")
                    .put("seller_message", "The bank did not return any further details with this decline.");
            pi.put("latest_charge", charge.get("id").asText());
        }
        ObjectNode error = pi.putObject("last_payment_error");
        error.put("type", code.equals("card_declined") ? "card_error" : "invalid_request_error");
        if (charge != null) {
            error.put("charge", charge.get("id").asText());
        }
        error.put("code", code);
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        error.put("message", message);
        error.set("payment_method", pm.deepCopy());
        pi.put("status", "requires_payment_method");
        pi.putNull("payment_method");
        if (charge != null) {
            events.emit("charge.failed", charge);
        }
        events.emit("payment_intent.payment_failed", pi);
        settled.fire(new PaymentSettled(pi, false));
    }

    private ObjectNode charge(ObjectNode pi, ObjectNode pm, TestCard card, boolean paid) {
        ObjectNode charge = store.create("charge", "ch");
        long amount = pi.get("amount").asLong();
        charge.put("amount", amount);
        charge.put("amount_captured", paid ? amount : 0);
        charge.put("captured", paid);
        charge.put("paid", paid);
        charge.put("currency", pi.get("currency").asText());
        charge.set("customer", pi.get("customer"));
        charge.set("description", pi.get("description"));
        charge.set("metadata", pi.get("metadata").deepCopy());
        charge.put("created", time.forCustomer(pi.path("customer").asText(null)));
        charge.put("payment_intent", pi.get("id").asText());
        charge.put("payment_method", pm.get("id").asText());
        charge.put("balance_transaction", paid ? store.newId("txn") : null);
        charge.put("calculated_statement_descriptor", "MICRODRAMA");
        String id = charge.get("id").asText();
        charge.with("refunds").put("url", "/v1/charges/" + id + "/refunds");
        charge.put("receipt_url", "/_emulator/receipts/" + id);
        ObjectNode details = charge.with("payment_method_details").with("card");
        details.put("brand", card.brand).put("last4", card.last4()).put("network", card.brand)
                .put("fingerprint", pm.get("card").get("fingerprint").asText()).put("amount_authorized", paid ? amount : 0);
        return charge;
    }

    private static String declineMessage(String declineCode) {
        return "insufficient_funds".equals(declineCode) ? "Your card has insufficient funds." : "Your card was declined.";
    }
}
