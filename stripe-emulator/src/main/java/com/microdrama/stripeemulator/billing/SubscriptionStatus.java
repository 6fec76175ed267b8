package com.microdrama.stripeemulator.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.store.EmulatorTime;
import jakarta.enterprise.context.ApplicationScoped;

/** A subscription's status changes, each with Stripe's event ({@code customer.subscription.updated} or {@code .deleted}). */
@ApplicationScoped
public class SubscriptionStatus {

    private final EmulatorTime time;
    private final Events events;

    public SubscriptionStatus(EmulatorTime time, Events events) {
        this.time = time;
        this.events = events;
    }

    void change(ObjectNode sub, String status) {
        ObjectNode previous = sub.objectNode().put("status", sub.get("status").asText());
        sub.put("status", status);
        events.emit("customer.subscription.updated", sub, previous);
    }

    void end(ObjectNode sub, String reason) {
        long now = time.forCustomer(sub.get("customer").asText());
        sub.put("status", "canceled");
        sub.put("ended_at", now);
        if (!sub.hasNonNull("canceled_at")) {
            sub.put("canceled_at", now);
        }
        sub.with("cancellation_details").put("reason", reason);
        events.emit("customer.subscription.deleted", sub);
    }
}
