package com.microdrama.stripeemulator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.dispute.Disputes;
import com.microdrama.stripeemulator.payment.Payments;
import com.microdrama.stripeemulator.store.Store;
import com.microdrama.stripeemulator.webhook.WebhookDelivery;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/**
 * The emulator's own control surface, outside Stripe's API (no key): health, webhook deliveries and what Stripe
 * leaves to the customer's bank or browser (3-D Secure, opening and deciding disputes).
 */
@Path("/_emulator")
@Produces(MediaType.APPLICATION_JSON)
public class EmulatorResource {

    private final Store store;
    private final Payments payments;
    private final Disputes disputes;
    private final WebhookDelivery delivery;

    public EmulatorResource(Store store, Payments payments, Disputes disputes, WebhookDelivery delivery) {
        this.store = store;
        this.payments = payments;
        this.disputes = disputes;
        this.delivery = delivery;
    }

    @GET
    @Path("/health")
    public Map<String, Object> health() {
        return Map.of("status", "UP", "webhooks", delivery.enabled());
    }

    /**
     * Every webhook delivery, one per event and target: event, type, webhook endpoint (null for the configured URL),
     * url, status ({@code pending}, {@code retrying}, {@code delivered}, {@code failed}, {@code canceled}), attempts.
     */
    @GET
    @Path("/deliveries")
    public List<WebhookDelivery.Delivery> deliveries() {
        return delivery.deliveries();
    }

    /** The customer completes ({@code outcome=succeed}) or fails ({@code fail}) 3-D Secure on a {@code requires_action} intent. */
    @POST
    @Path("/payment_intents/{id}/authenticate")
    public ObjectNode authenticate(@PathParam("id") String id, @QueryParam("outcome") @DefaultValue("succeed") String outcome) {
        return store.locked(() -> payments.authenticate(id, !"fail".equals(outcome)).deepCopy());
    }

    /** The card holder disputes a charge. */
    @POST
    @Path("/charges/{id}/dispute")
    public ObjectNode dispute(@PathParam("id") String id) {
        return store.locked(() -> disputes.open(store.get("charge", id, "charge")).deepCopy());
    }

    /** The bank decides: {@code outcome=won} or {@code lost}. */
    @POST
    @Path("/disputes/{id}/close")
    public ObjectNode close(@PathParam("id") String id, @QueryParam("outcome") @DefaultValue("won") String outcome) {
        return store.locked(() -> disputes.close(disputes.get(id), "won".equals(outcome)).deepCopy());
    }
}
