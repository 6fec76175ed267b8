package com.microdrama.stripeemulator.refund;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.Api;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.payment.PaymentMethods;
import com.microdrama.stripeemulator.payment.TestCard;
import com.microdrama.stripeemulator.store.Background;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Duration;

/**
 * {@code /v1/refunds}: full or partial refunds of a succeeded charge, by {@code charge} or {@code payment_intent};
 * events {@code refund.created} and {@code charge.refunded}. On the refund-fail test card the refund turns
 * {@code failed} a moment later ({@code refund.updated}, {@code refund.failed}) and the charge gets the amount back.
 */
@Path("/v1/refunds")
public class RefundResource {

    private static final Duration REFUND_FAILS_AFTER = Duration.ofSeconds(1);

    private final Api api;
    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final PaymentMethods paymentMethods;
    private final Background background;

    public RefundResource(Api api, Store store, EmulatorTime time, Events events, PaymentMethods paymentMethods, Background background) {
        this.api = api;
        this.store = store;
        this.time = time;
        this.events = events;
        this.paymentMethods = paymentMethods;
        this.background = background;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, this::create);
    }

    private ObjectNode create(Params p) {
        ObjectNode charge = charge(p);
        long refundable = charge.get("amount_captured").asLong() - charge.get("amount_refunded").asLong();
        if (refundable <= 0) {
            throw ApiError.invalid("charge_already_refunded", null, "Charge " + charge.get("id").asText() + " has already been refunded.");
        }
        long amount = p.lng("amount") == null ? refundable : p.lng("amount");
        if (amount < 1 || amount > refundable) {
            throw ApiError.invalid("amount_too_large", "amount", "Refund amount (" + amount + ") is greater than unrefunded amount on charge ("
                    + refundable + ")");
        }
        ObjectNode refund = store.create("refund", "re");
        refund.put("amount", amount);
        refund.put("currency", charge.get("currency").asText());
        refund.put("charge", charge.get("id").asText());
        refund.set("payment_intent", charge.get("payment_intent"));
        refund.set("customer", charge.get("customer"));
        refund.set("payment_method", charge.get("payment_method"));
        refund.put("reason", p.str("reason"));
        refund.put("created", time.forCustomer(charge.path("customer").asText(null)));
        refund.put("balance_transaction", store.newId("txn"));
        Metadata.apply(refund, p);
        changeRefunded(charge, amount, refund);
        events.emit("refund.created", refund);
        events.emit("charge.refunded", charge);
        if (paymentMethods.card(charge.path("payment_method").asText()) == TestCard.REFUND_FAILS) {
            String id = refund.get("id").asText();
            background.later(REFUND_FAILS_AFTER, () -> fail(store.get("refund", id, "refund")));
        }
        return refund;
    }

    private ObjectNode charge(Params p) {
        if (p.has("charge")) {
            return store.get("charge", p.str("charge"), "charge");
        }
        if (!p.has("payment_intent")) {
            throw ApiError.invalid("parameter_missing", "charge", "One of the following params should be provided for this request: payment_intent or charge.");
        }
        ObjectNode pi = store.get("payment_intent", p.str("payment_intent"), "payment_intent");
        if (!"succeeded".equals(pi.get("status").asText())) {
            throw ApiError.invalid("charge_not_refundable", "payment_intent", "This PaymentIntent (" + pi.get("id").asText()
                    + ") does not have a successful charge to refund.");
        }
        return store.get("charge", pi.get("latest_charge").asText(), "charge");
    }

    private void changeRefunded(ObjectNode charge, long delta, ObjectNode refund) {
        long refunded = charge.get("amount_refunded").asLong() + delta;
        charge.put("amount_refunded", refunded);
        charge.put("refunded", refunded == charge.get("amount_captured").asLong());
        ArrayNode list = (ArrayNode) charge.with("refunds").withArray("data");
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).get("id").asText().equals(refund.get("id").asText())) {
                list.remove(i);
                break;
            }
        }
        list.insert(0, refund.deepCopy());
    }

    private void fail(ObjectNode refund) {
        ObjectNode previous = refund.objectNode().put("status", refund.get("status").asText());
        refund.put("status", "failed");
        refund.put("failure_reason", "expired_or_canceled_card");
        refund.put("failure_balance_transaction", store.newId("txn"));
        ObjectNode charge = store.get("charge", refund.get("charge").asText(), "charge");
        changeRefunded(charge, -refund.get("amount").asLong(), refund);
        events.emit("refund.updated", refund, previous);
        events.emit("refund.failed", refund);
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "refund", id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "refund", "charge", "payment_intent");
    }
}
