package com.microdrama.stripeemulator.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.payment.PaymentMethods;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/**
 * Stripe Billing subscriptions with one item: created with their first invoice (paid at once, left to the client's
 * confirmation with {@code default_incomplete}, or free during a trial), updated, canceled.
 */
@ApplicationScoped
public class Subscriptions {

    private static final Set<String> BEHAVIOURS = Set.of("allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete");

    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final PaymentMethods paymentMethods;
    private final Invoicing invoicing;
    private final SubscriptionStatus subscriptionStatus;

    public Subscriptions(Store store, EmulatorTime time, Events events, PaymentMethods paymentMethods, Invoicing invoicing,
                         SubscriptionStatus subscriptionStatus) {
        this.store = store;
        this.time = time;
        this.events = events;
        this.paymentMethods = paymentMethods;
        this.invoicing = invoicing;
        this.subscriptionStatus = subscriptionStatus;
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
            periodEnd = Periods.next(price, now);
            sub.put("status", "incomplete");
            amount = price.get("unit_amount").asLong() * quantity;
        }
        Periods.set(sub, now, periodEnd);
        if (sub.get("cancel_at_period_end").asBoolean()) {
            sub.put("cancel_at", periodEnd);
        }
        events.emit("customer.subscription.created", sub);
        ObjectNode invoice = invoicing.create(sub, amount, now, periodEnd, now, "subscription_create");
        if (amount == 0) {
            invoicing.paid(invoice);
            return sub;
        }
        ObjectNode method = invoicing.defaultPaymentMethod(sub);
        if ("default_incomplete".equals(behaviour)) {
            return sub;
        }
        if (method == null) {
            if ("error_if_incomplete".equals(behaviour)) {
                throw ApiError.invalid("resource_missing", null, "This customer has no attached payment source or default payment method.");
            }
            return sub;
        }
        invoicing.attempt(invoice, method);
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
                    sub.put("cancel_at", Periods.end(sub));
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
        subscriptionStatus.end(sub, "cancellation_requested");
        return sub;
    }

    private static void requireNotEnded(ObjectNode sub) {
        String status = sub.get("status").asText();
        if ("canceled".equals(status) || "incomplete_expired".equals(status)) {
            throw ApiError.invalid("resource_missing", null, "A canceled subscription can only update its cancellation_details and metadata.");
        }
    }
}
