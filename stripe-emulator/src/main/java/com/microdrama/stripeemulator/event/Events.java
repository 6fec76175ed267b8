package com.microdrama.stripeemulator.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.EmulatorConfig;
import com.microdrama.stripeemulator.api.RequestContext;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import com.microdrama.stripeemulator.webhook.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Records an {@code evt_…} for a change (what the API lists) and hands it to webhook delivery, as Stripe does;
 * {@code pending_webhooks} counts the targets it goes to.
 */
@ApplicationScoped
public class Events {

    private final Store store;
    private final EmulatorTime time;
    private final EmulatorConfig config;
    private final WebhookDelivery delivery;

    public Events(Store store, EmulatorTime time, EmulatorConfig config, WebhookDelivery delivery) {
        this.store = store;
        this.time = time;
        this.config = config;
        this.delivery = delivery;
    }

    public ObjectNode emit(String type, ObjectNode object) {
        return emit(type, object, null);
    }

    /** {@code previousAttributes}: the changed fields' old values, for {@code *.updated} events. */
    public ObjectNode emit(String type, ObjectNode object, ObjectNode previousAttributes) {
        ObjectNode event = store.create("event", "evt");
        event.put("type", type);
        event.put("api_version", config.apiVersion());
        String customer = "customer".equals(object.path("object").asText()) ? object.path("id").asText() : object.path("customer").asText(null);
        event.put("created", time.forCustomer(customer));
        ObjectNode data = event.putObject("data");
        data.set("object", object.deepCopy());
        if (previousAttributes != null) {
            data.set("previous_attributes", previousAttributes);
        }
        List<WebhookDelivery.Target> targets = delivery.targets(type);
        event.put("pending_webhooks", targets.size());
        ObjectNode request = event.putObject("request");
        RequestContext context = RequestContext.current();
        request.put("id", context == null ? null : context.requestId());
        request.put("idempotency_key", context == null ? null : context.idempotencyKey());
        delivery.enqueue(event.get("id").asText(), type, store.text(event), targets);
        return event;
    }
}
