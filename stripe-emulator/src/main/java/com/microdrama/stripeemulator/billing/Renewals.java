package com.microdrama.stripeemulator.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.EmulatorConfig;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Time passing on a test clock: trial ends and period ends (a renewal invoice, or the end of a subscription set to
 * cancel at period end), payment retries that fall due, and {@code incomplete} subscriptions that expire.
 */
@ApplicationScoped
public class Renewals {

    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final Invoicing invoicing;
    private final SubscriptionStatus subscriptionStatus;
    private final EmulatorConfig.Billing config;

    public Renewals(Store store, EmulatorTime time, Events events, Invoicing invoicing, SubscriptionStatus subscriptionStatus, EmulatorConfig config) {
        this.store = store;
        this.time = time;
        this.events = events;
        this.invoicing = invoicing;
        this.subscriptionStatus = subscriptionStatus;
        this.config = config.billing();
    }

    /** Something due at a moment of a test clock's time. */
    public record Due(long at, Runnable action) {
    }

    /** What is due first for the subscriptions of customers on this clock, at or before {@code until}; null if nothing. */
    public Due nextDue(String clockId, long until) {
        Runnable due = null;
        long best = Long.MAX_VALUE;
        for (ObjectNode sub : store.all("subscription", s -> clockId.equals(s.path("test_clock").asText()))) {
            String status = sub.get("status").asText();
            long when;
            Runnable action;
            if ("trialing".equals(status) || "active".equals(status) || "past_due".equals(status)) {
                when = Periods.end(sub);
                action = () -> cycle(sub);
                ObjectNode latest = store.find(sub.path("latest_invoice").asText());
                if ("past_due".equals(status) && latest != null && "open".equals(latest.get("status").asText())
                        && latest.hasNonNull("next_payment_attempt") && latest.get("next_payment_attempt").asLong() < when) {
                    when = latest.get("next_payment_attempt").asLong();
                    action = () -> invoicing.retry(latest);
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
        return due == null ? null : new Due(best, due);
    }

    private void cycle(ObjectNode sub) {
        if (sub.get("cancel_at_period_end").asBoolean()) {
            subscriptionStatus.end(sub, "cancellation_requested");
            return;
        }
        ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
        ObjectNode price = (ObjectNode) item.get("price");
        long previousStart = item.get("current_period_start").asLong();
        long start = Periods.end(sub);
        long end = Periods.next(price, start);
        ObjectNode previous = sub.objectNode();
        previous.putObject("items").set("data", sub.get("items").get("data").deepCopy());
        Periods.set(sub, start, end);
        events.emit("customer.subscription.updated", sub, previous);
        ObjectNode invoice = invoicing.create(sub, price.get("unit_amount").asLong() * item.get("quantity").asLong(), start, end, previousStart,
                "subscription_cycle");
        invoicing.retry(invoice);
    }

    private void expire(ObjectNode sub) {
        ObjectNode invoice = store.find(sub.path("latest_invoice").asText());
        if (invoice != null && "open".equals(invoice.get("status").asText())) {
            invoice.put("status", "void");
            invoice.with("status_transitions").put("voided_at", time.forCustomer(sub.get("customer").asText()));
            events.emit("invoice.voided", invoice);
        }
        subscriptionStatus.change(sub, "incomplete_expired");
        sub.put("ended_at", time.forCustomer(sub.get("customer").asText()));
    }
}
