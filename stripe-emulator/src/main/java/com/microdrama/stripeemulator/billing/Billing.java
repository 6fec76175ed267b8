package com.microdrama.stripeemulator.billing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.EmulatorConfig;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.payment.PaymentMethods;
import com.microdrama.stripeemulator.payment.PaymentSettled;
import com.microdrama.stripeemulator.payment.Payments;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stripe Billing for one-item subscriptions: the first invoice (paid at once, left to the client's confirmation with
 * {@code default_incomplete}, or free during a trial), renewals and trial ends as time passes, failed renewals
 * retried on the configured schedule ({@code past_due}) and finally {@code canceled} or {@code unpaid}.
 */
@ApplicationScoped
public class Billing {

    private static final Set<String> BEHAVIOURS = Set.of("allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete");

    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final Payments payments;
    private final PaymentMethods paymentMethods;
    private final EmulatorConfig.Billing config;
    private final Map<String, String> invoiceOfPaymentIntent = new HashMap<>();

    public Billing(Store store, EmulatorTime time, Events events, Payments payments, PaymentMethods paymentMethods, EmulatorConfig config) {
        this.store = store;
        this.time = time;
        this.events = events;
        this.payments = payments;
        this.paymentMethods = paymentMethods;
        this.config = config.billing();
        if (!Set.of("canceled", "unpaid").contains(this.config.afterFinalFailure())) {
            throw new IllegalStateException("emulator.billing.after-final-failure must be canceled or unpaid, not " + this.config.afterFinalFailure());
        }
    }

    public ObjectNode subscribe(Params p) {
        ObjectNode customer = store.get("customer", p.required("customer"), "customer");
        List<Params> items = p.objList("items");
        if (items.size() != 1) {
            throw ApiError.invalid("parameter_invalid_array", "items", "The emulator's subscriptions have exactly one item (items[0][price]).");
        }
        ObjectNode price = store.get("price", items.get(0).required("price"), "items[0][price]");
        if (!price.hasNonNull("recurring")) {
            throw ApiError.invalid("parameter_invalid_string", "items[0][price]", "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.");
        }
        String behaviour = p.has("payment_behavior") ? p.str("payment_behavior") : "allow_incomplete";
        if (!BEHAVIOURS.contains(behaviour)) {
            throw ApiError.invalid("parameter_invalid_string", "payment_behavior", "Invalid payment_behavior: " + behaviour);
        }
        String customerId = customer.get("id").asText();
        long now = time.forCustomer(customerId);
        long quantity = items.get(0).lng("quantity") == null ? 1 : items.get(0).lng("quantity");

        ObjectNode sub = store.create("subscription", "sub");
        String id = sub.get("id").asText();
        sub.put("customer", customerId);
        sub.put("created", now);
        sub.put("start_date", now);
        sub.put("billing_cycle_anchor", now);
        sub.put("currency", price.get("currency").asText());
        sub.set("test_clock", customer.get("test_clock"));
        sub.put("description", p.str("description"));
        sub.put("cancel_at_period_end", p.bool("cancel_at_period_end"));
        Metadata.apply(sub, p);
        ObjectNode pm = paymentMethods.resolve(p.str("default_payment_method"), "default_payment_method");
        if (pm != null) {
            paymentMethods.attach(pm, customerId);
            sub.put("default_payment_method", pm.get("id").asText());
        }
        ObjectNode item = store.shape("subscription_item");
        item.put("id", store.newId("si"));
        item.put("created", now);
        item.set("price", price.deepCopy());
        item.put("quantity", quantity);
        item.put("subscription", id);
        ObjectNode itemList = sub.with("items");
        itemList.withArray("data").add(item);
        itemList.put("url", "/v1/subscription_items?subscription=" + id);

        Long trialDays = p.lng("trial_period_days");
        long periodEnd;
        long amount;
        if (trialDays != null && trialDays > 0) {
            periodEnd = now + trialDays * 86400;
            sub.put("trial_start", now);
            sub.put("trial_end", periodEnd);
            sub.put("status", "trialing");
            amount = 0;
        } else {
            periodEnd = next(price, now);
            sub.put("status", "incomplete");
            amount = price.get("unit_amount").asLong() * quantity;
        }
        setPeriod(sub, now, periodEnd);
        if (sub.get("cancel_at_period_end").asBoolean()) {
            sub.put("cancel_at", periodEnd);
        }
        events.emit("customer.subscription.created", sub);
        ObjectNode invoice = invoice(sub, amount, now, periodEnd, now, "subscription_create");
        if (amount == 0) {
            paid(invoice);
            return sub;
        }
        ObjectNode method = defaultPaymentMethod(sub);
        if ("default_incomplete".equals(behaviour)) {
            return sub;
        }
        if (method == null) {
            if ("error_if_incomplete".equals(behaviour)) {
                throw ApiError.invalid("resource_missing", null, "This customer has no attached payment source or default payment method.");
            }
            return sub;
        }
        attempt(invoice, method);
        ObjectNode pi = store.get("payment_intent", invoice.path("payments").path("data").path(0).path("payment").path("payment_intent").asText(), "payment_intent");
        if ("error_if_incomplete".equals(behaviour) && pi.hasNonNull("last_payment_error")) {
            ObjectNode error = (ObjectNode) pi.get("last_payment_error");
            throw ApiError.card(error.get("code").asText(), error.path("decline_code").asText(null), error.get("message").asText());
        }
        return sub;
    }

    public ObjectNode update(String id, Params p) {
        ObjectNode sub = store.get("subscription", id, "subscription");
        requireNotEnded(sub);
        ObjectNode previous = sub.objectNode();
        if (p.has("cancel_at_period_end")) {
            boolean cancel = p.bool("cancel_at_period_end");
            if (cancel != sub.get("cancel_at_period_end").asBoolean()) {
                previous.put("cancel_at_period_end", !cancel);
                previous.set("cancel_at", sub.get("cancel_at"));
                previous.set("canceled_at", sub.get("canceled_at"));
                sub.put("cancel_at_period_end", cancel);
                if (cancel) {
                    sub.put("cancel_at", periodEnd(sub));
                    sub.put("canceled_at", time.forCustomer(sub.get("customer").asText()));
                    sub.with("cancellation_details").put("reason", "cancellation_requested");
                } else {
                    sub.putNull("cancel_at");
                    sub.putNull("canceled_at");
                    sub.with("cancellation_details").putNull("reason");
                }
            }
        }
        if (p.has("default_payment_method")) {
            ObjectNode pm = paymentMethods.resolve(p.str("default_payment_method"), "default_payment_method");
            paymentMethods.attach(pm, sub.get("customer").asText());
            previous.set("default_payment_method", sub.get("default_payment_method"));
            sub.put("default_payment_method", pm.get("id").asText());
        }
        if (p.has("metadata")) {
            previous.set("metadata", sub.get("metadata").deepCopy());
            Metadata.apply(sub, p);
        }
        events.emit("customer.subscription.updated", sub, previous);
        return sub;
    }

    /** {@code DELETE /v1/subscriptions/{id}}: ends the subscription now. */
    public ObjectNode cancel(String id) {
        ObjectNode sub = store.get("subscription", id, "subscription");
        requireNotEnded(sub);
        end(sub, "cancellation_requested");
        return sub;
    }

    private static void requireNotEnded(ObjectNode sub) {
        String status = sub.get("status").asText();
        if ("canceled".equals(status) || "incomplete_expired".equals(status)) {
            throw ApiError.invalid("resource_missing", null, "A canceled subscription can only update its cancellation_details and metadata.");
        }
    }

    private void end(ObjectNode sub, String reason) {
        long now = time.forCustomer(sub.get("customer").asText());
        sub.put("status", "canceled");
        sub.put("ended_at", now);
        if (!sub.hasNonNull("canceled_at")) {
            sub.put("canceled_at", now);
        }
        sub.with("cancellation_details").put("reason", reason);
        events.emit("customer.subscription.deleted", sub);
    }

    // ---- invoices ------------------------------------------------------------------------------------------------

    /**
     * A finalized invoice for the service period {@code periodStart..periodEnd} (its line). As in Stripe, the invoice's
     * own {@code period_*} is the period that ends now: {@code previousStart..periodStart} (empty for the first one).
     */
    private ObjectNode invoice(ObjectNode sub, long amount, long periodStart, long periodEnd, long previousStart, String reason) {
        String customerId = sub.get("customer").asText();
        ObjectNode customer = store.get("customer", customerId, "customer");
        long now = time.forCustomer(customerId);
        ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
        ObjectNode price = (ObjectNode) item.get("price");
        String currency = price.get("currency").asText();

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

        ObjectNode line = store.shape("invoice_line_item");
        line.put("id", store.newId("il"));
        line.put("invoice", id);
        line.put("amount", amount);
        line.put("subtotal", amount);
        line.put("currency", currency);
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
        ObjectNode lines = invoice.with("lines");
        lines.withArray("data").add(line);
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
            ObjectNode payment = store.shape("invoice_payment");
            payment.put("id", store.newId("inpay"));
            payment.put("invoice", id);
            payment.put("amount_requested", amount);
            payment.put("currency", currency);
            payment.put("created", now);
            payment.putObject("payment").put("type", "payment_intent").put("payment_intent", pi.get("id").asText());
            ((ArrayNode) invoice.with("payments").withArray("data")).add(payment);
            events.emit("payment_intent.created", pi);
        }
        events.emit("invoice.finalized", invoice);
        sub.put("latest_invoice", id);
        return invoice;
    }

    private String productName(ObjectNode price) {
        ObjectNode product = store.find(price.get("product").asText());
        return product == null ? price.get("product").asText() : product.get("name").asText();
    }

    private ObjectNode defaultPaymentMethod(ObjectNode sub) {
        String id = sub.hasNonNull("default_payment_method") ? sub.get("default_payment_method").asText()
                : store.get("customer", sub.get("customer").asText(), "customer").path("invoice_settings").path("default_payment_method").asText(null);
        return id == null ? null : store.find(id);
    }

    private void attempt(ObjectNode invoice, ObjectNode pm) {
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

    private void paid(ObjectNode invoice) {
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
            changeStatus(sub, "active");
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
                changeStatus(sub, "past_due");
            }
        } else if ("unpaid".equals(config.afterFinalFailure())) {
            changeStatus(sub, "unpaid");
        } else {
            end(sub, "payment_failed");
        }
    }

    private ObjectNode subscriptionOf(ObjectNode invoice) {
        return store.get("subscription", invoice.get("parent").get("subscription_details").get("subscription").asText(), "subscription");
    }

    private void changeStatus(ObjectNode sub, String status) {
        ObjectNode previous = sub.objectNode().put("status", sub.get("status").asText());
        sub.put("status", status);
        events.emit("customer.subscription.updated", sub, previous);
    }

    // ---- time passing (test clocks) --------------------------------------------------------------------------------

    /** What is due next for the subscriptions of customers on this clock, at or before {@code until}; null if nothing. */
    public Runnable nextDue(String clockId, long until, long[] at) {
        Runnable due = null;
        long best = Long.MAX_VALUE;
        for (ObjectNode sub : store.all("subscription", s -> clockId.equals(s.path("test_clock").asText()))) {
            String status = sub.get("status").asText();
            long when;
            Runnable action;
            if ("trialing".equals(status) || "active".equals(status) || "past_due".equals(status)) {
                when = periodEnd(sub);
                action = () -> cycle(sub);
                ObjectNode latest = store.find(sub.path("latest_invoice").asText());
                if ("past_due".equals(status) && latest != null && "open".equals(latest.get("status").asText())
                        && latest.hasNonNull("next_payment_attempt") && latest.get("next_payment_attempt").asLong() < when) {
                    when = latest.get("next_payment_attempt").asLong();
                    action = () -> retry(latest);
                }
            } else if ("incomplete".equals(status)) {
                when = sub.get("created").asLong() + config.incompleteExpiry().toSeconds();
                action = () -> expire(sub);
            } else {
                continue;
            }
            if (when <= until && when < best) {
                best = when;
                due = action;
            }
        }
        at[0] = best;
        return due;
    }

    private void cycle(ObjectNode sub) {
        if (sub.get("cancel_at_period_end").asBoolean()) {
            end(sub, "cancellation_requested");
            return;
        }
        ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
        ObjectNode price = (ObjectNode) item.get("price");
        long previousStart = item.get("current_period_start").asLong();
        long start = periodEnd(sub);
        long end = next(price, start);
        ObjectNode previous = sub.objectNode();
        previous.putObject("items").set("data", sub.get("items").get("data").deepCopy());
        setPeriod(sub, start, end);
        events.emit("customer.subscription.updated", sub, previous);
        ObjectNode invoice = invoice(sub, price.get("unit_amount").asLong() * item.get("quantity").asLong(), start, end, previousStart,
                "subscription_cycle");
        retry(invoice);
    }

    private void retry(ObjectNode invoice) {
        ObjectNode pm = defaultPaymentMethod(subscriptionOf(invoice));
        if (pm == null) {
            invoice.put("attempted", true);
            invoice.put("attempt_count", invoice.get("attempt_count").asInt() + 1);
            failed(invoice);
        } else {
            attempt(invoice, pm);
        }
    }

    private void expire(ObjectNode sub) {
        ObjectNode invoice = store.find(sub.path("latest_invoice").asText());
        if (invoice != null && "open".equals(invoice.get("status").asText())) {
            invoice.put("status", "void");
            invoice.with("status_transitions").put("voided_at", time.forCustomer(sub.get("customer").asText()));
            events.emit("invoice.voided", invoice);
        }
        changeStatus(sub, "incomplete_expired");
        sub.put("ended_at", time.forCustomer(sub.get("customer").asText()));
    }

    private static long next(ObjectNode price, long from) {
        ObjectNode recurring = (ObjectNode) price.get("recurring");
        return Periods.add(from, recurring.get("interval").asText(), recurring.get("interval_count").asLong());
    }

    private static long periodEnd(ObjectNode sub) {
        return sub.get("items").get("data").get(0).get("current_period_end").asLong();
    }

    private static void setPeriod(ObjectNode sub, long start, long end) {
        ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
        item.put("current_period_start", start);
        item.put("current_period_end", end);
    }
}
