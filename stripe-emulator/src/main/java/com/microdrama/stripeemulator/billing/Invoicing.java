package com.microdrama.stripeemulator.billing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.EmulatorConfig;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.payment.PaymentSettled;
import com.microdrama.stripeemulator.payment.Payments;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Subscription invoices: made and finalized with their PaymentIntent, paid by the customer's default payment method
 * or by the client confirming that intent, and after a failed payment retried on the configured schedule
 * ({@code past_due}) until the subscription ends {@code canceled} or stays {@code unpaid}.
 */
@ApplicationScoped
public class Invoicing {

    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final Payments payments;
    private final SubscriptionStatus subscriptionStatus;
    private final EmulatorConfig.Billing config;
    private final Map<String, String> invoiceOfPaymentIntent = new HashMap<>();

    public Invoicing(Store store, EmulatorTime time, Events events, Payments payments, SubscriptionStatus subscriptionStatus, EmulatorConfig config) {
        this.store = store;
        this.time = time;
        this.events = events;
        this.payments = payments;
        this.subscriptionStatus = subscriptionStatus;
        this.config = config.billing();
        if (!Set.of("canceled", "unpaid").contains(this.config.afterFinalFailure())) {
            throw new IllegalStateException("emulator.billing.after-final-failure must be canceled or unpaid, not " + this.config.afterFinalFailure());
        }
    }

    /**
     * A finalized invoice for the service period {@code periodStart..periodEnd} (its line). As in Stripe, the invoice's
     * own {@code period_*} is the period that ends now: {@code previousStart..periodStart} (empty for the first one).
     */
    ObjectNode create(ObjectNode sub, long amount, long periodStart, long periodEnd, long previousStart, String reason) {
        String customerId = sub.get("customer").asText();
        ObjectNode customer = store.get("customer", customerId, "customer");
        long now = time.forCustomer(customerId);
        String currency = sub.get("currency").asText();

        ObjectNode invoice = store.create("invoice", "in");
        String id = invoice.get("id").asText();
        invoice.put("customer", customerId);
        invoice.set("customer_email", customer.get("email"));
        invoice.set("customer_name", customer.get("name"));
        invoice.put("currency", currency);
        invoice.put("created", now);
        invoice.put("period_start", previousStart);
        invoice.put("period_end", periodStart);
        invoice.put("billing_reason", reason);
        invoice.set("test_clock", customer.get("test_clock"));
        invoice.putNull("subscription");
        for (String field : new String[] {"amount_due", "amount_remaining", "subtotal", "subtotal_excluding_tax", "total", "total_excluding_tax"}) {
            invoice.put(field, amount);
        }
        invoice.put("amount_paid", 0);
        invoice.put("starting_balance", 0);
        invoice.put("ending_balance", 0);
        invoice.put("auto_advance", true);
        int sequence = customer.get("next_invoice_sequence").asInt();
        customer.put("next_invoice_sequence", sequence + 1);
        invoice.put("number", customer.get("invoice_prefix").asText() + String.format("-%04d", sequence));
        ObjectNode parent = invoice.putObject("parent");
        parent.putNull("quote_details");
        parent.putObject("subscription_details").put("subscription", sub.get("id").asText()).set("metadata", sub.get("metadata").deepCopy());
        parent.put("type", "subscription_details");

        ObjectNode lines = invoice.with("lines");
        lines.withArray("data").add(line(sub, id, amount, periodStart, periodEnd, reason));
        lines.put("url", "/v1/invoices/" + id + "/lines");
        invoice.with("payments").put("url", "/v1/invoice_payments?invoice=" + id);
        invoice.put("status", "draft");
        events.emit("invoice.created", invoice);

        invoice.put("status", "open");
        invoice.put("effective_at", now);
        invoice.with("status_transitions").put("finalized_at", now);
        if (amount > 0) {
            ObjectNode pi = payments.create(amount, currency, customerId,
                    "subscription_create".equals(reason) ? "Subscription creation" : "Subscription update");
            invoiceOfPaymentIntent.put(pi.get("id").asText(), id);
            invoice.putObject("confirmation_secret").put("client_secret", pi.get("client_secret").asText()).put("type", "payment_intent");
            ((ArrayNode) invoice.with("payments").withArray("data")).add(invoicePayment(id, pi, now));
            events.emit("payment_intent.created", pi);
        }
        events.emit("invoice.finalized", invoice);
        sub.put("latest_invoice", id);
        return invoice;
    }

    /** The invoice's one line: the subscription item for the service period, with the subscription's metadata. */
    private ObjectNode line(ObjectNode sub, String invoiceId, long amount, long periodStart, long periodEnd, String reason) {
        ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
        ObjectNode price = (ObjectNode) item.get("price");
        ObjectNode line = store.shape("invoice_line_item");
        line.put("id", store.newId("il"));
        line.put("invoice", invoiceId);
        line.put("amount", amount);
        line.put("subtotal", amount);
        line.put("currency", price.get("currency").asText());
        line.put("quantity", item.get("quantity").asLong());
        line.put("description", item.get("quantity").asLong() + " × " + productName(price)
                + (amount == 0 && "subscription_create".equals(reason) && sub.hasNonNull("trial_end") ? " (trial)" : ""));
        line.putObject("period").put("start", periodStart).put("end", periodEnd);
        // Stripe copies the subscription's metadata onto its invoice lines, as it stood when the invoice was made.
        line.set("metadata", sub.get("metadata").deepCopy());
        line.putObject("pricing").put("type", "price_details").put("unit_amount_decimal", price.get("unit_amount_decimal").asText())
                .putObject("price_details").put("price", price.get("id").asText()).put("product", price.get("product").asText());
        ObjectNode lineParent = line.with("parent").with("subscription_item_details");
        lineParent.put("subscription", sub.get("id").asText()).put("subscription_item", item.get("id").asText());
        return line;
    }

    /** The invoice's payment record naming the PaymentIntent that pays it (API version 2025-11-17.clover). */
    private ObjectNode invoicePayment(String invoiceId, ObjectNode pi, long now) {
        ObjectNode payment = store.shape("invoice_payment");
        payment.put("id", store.newId("inpay"));
        payment.put("invoice", invoiceId);
        payment.put("amount_requested", pi.get("amount").asLong());
        payment.put("currency", pi.get("currency").asText());
        payment.put("created", now);
        payment.putObject("payment").put("type", "payment_intent").put("payment_intent", pi.get("id").asText());
        return payment;
    }

    private String productName(ObjectNode price) {
        ObjectNode product = store.find(price.get("product").asText());
        return product == null ? price.get("product").asText() : product.get("name").asText();
    }

    ObjectNode defaultPaymentMethod(ObjectNode sub) {
        String id = sub.hasNonNull("default_payment_method") ? sub.get("default_payment_method").asText()
                : store.get("customer", sub.get("customer").asText(), "customer").path("invoice_settings").path("default_payment_method").asText(null);
        return id == null ? null : store.find(id);
    }

    void attempt(ObjectNode invoice, ObjectNode pm) {
        invoice.put("attempted", true);
        invoice.put("attempt_count", invoice.get("attempt_count").asInt() + 1);
        ObjectNode pi = store.get("payment_intent", invoice.get("payments").get("data").get(0).get("payment").get("payment_intent").asText(), "payment_intent");
        payments.confirm(pi, pm);
        if ("requires_action".equals(pi.get("status").asText())) {
            events.emit("invoice.payment_action_required", invoice);
            failed(invoice);
        }
    }

    void onPayment(@Observes PaymentSettled settled) {
        String invoiceId = invoiceOfPaymentIntent.get(settled.paymentIntent().get("id").asText());
        if (invoiceId == null) {
            return;
        }
        ObjectNode invoice = store.get("invoice", invoiceId, "invoice");
        if (settled.succeeded()) {
            paid(invoice);
            return;
        }
        if (!invoice.get("attempted").asBoolean()) {
            invoice.put("attempted", true);
            invoice.put("attempt_count", 1);
        }
        failed(invoice);
    }

    void paid(ObjectNode invoice) {
        long now = time.forCustomer(invoice.get("customer").asText());
        invoice.put("status", "paid");
        invoice.put("amount_paid", invoice.get("amount_due").asLong());
        invoice.put("amount_remaining", 0);
        invoice.put("attempted", true);
        invoice.putNull("next_payment_attempt");
        invoice.with("status_transitions").put("paid_at", now);
        invoice.get("payments").get("data").forEach(pay -> ((ObjectNode) pay).put("status", "paid")
                .put("amount_paid", invoice.get("amount_due").asLong()).with("status_transitions").put("paid_at", now));
        events.emit("invoice.paid", invoice);
        events.emit("invoice.payment_succeeded", invoice);
        ObjectNode sub = subscriptionOf(invoice);
        String status = sub.get("status").asText();
        if (Set.of("incomplete", "past_due", "unpaid").contains(status)
                || ("trialing".equals(status) && !"subscription_create".equals(invoice.get("billing_reason").asText()))) {
            subscriptionStatus.change(sub, "active");
        }
    }

    private void failed(ObjectNode invoice) {
        long now = time.forCustomer(invoice.get("customer").asText());
        ObjectNode sub = subscriptionOf(invoice);
        int retriesDone = invoice.get("attempt_count").asInt() - 1;
        boolean first = "subscription_create".equals(invoice.get("billing_reason").asText());
        if (!first && retriesDone < config.retryDays().size()) {
            invoice.put("next_payment_attempt", now + config.retryDays().get(retriesDone) * 86400L);
        } else {
            invoice.putNull("next_payment_attempt");
        }
        events.emit("invoice.payment_failed", invoice);
        if (first) {
            return;
        }
        if (invoice.hasNonNull("next_payment_attempt")) {
            if (!"past_due".equals(sub.get("status").asText())) {
                subscriptionStatus.change(sub, "past_due");
            }
        } else if ("unpaid".equals(config.afterFinalFailure())) {
            subscriptionStatus.change(sub, "unpaid");
        } else {
            subscriptionStatus.end(sub, "payment_failed");
        }
    }

    private ObjectNode subscriptionOf(ObjectNode invoice) {
        return store.get("subscription", invoice.get("parent").get("subscription_details").get("subscription").asText(), "subscription");
    }

    void retry(ObjectNode invoice) {
        ObjectNode pm = defaultPaymentMethod(subscriptionOf(invoice));
        if (pm == null) {
            invoice.put("attempted", true);
            invoice.put("attempt_count", invoice.get("attempt_count").asInt() + 1);
            failed(invoice);
        } else {
            attempt(invoice, pm);
        }
    }
}
