package com.microdrama.stripeemulator.payment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.Api;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Params;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /v1/payment_intents}: create, retrieve, update, confirm, cancel, list ({@code customer}); retrieve and
 * confirm also with the publishable key and the intent's client_secret, as Stripe.js calls them.
 */
@Path("/v1/payment_intents")
public class PaymentIntentResource {

    private final Api api;
    private final Payments payments;

    public PaymentIntentResource(Api api, Payments payments) {
        this.api = api;
        this.payments = payments;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, payments::create);
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context HttpHeaders headers, @Context UriInfo uri) {
        if (api.publishable(headers)) {
            return api.get(uri, p -> Payments.clientView(payments.getWithClientSecret(id, p)));
        }
        return api.get(uri, p -> payments.get(id));
    }

    @POST
    @Path("/{id}")
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> payments.update(id, p));
    }

    @POST
    @Path("/{id}/confirm")
    public Response confirm(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        if (api.publishable(headers)) {
            return api.post(headers, uri, body, p -> confirmFromBrowser(id, p));
        }
        return api.post(headers, uri, body, p -> payments.confirmOrThrow(payments.get(id), p));
    }

    /**
     * Stripe.js's confirm: the same confirmation (outcomes, events, the invoice it pays), once the client_secret
     * matches; the answer, a decline's included, shows the intent as a publishable key sees it.
     */
    private ObjectNode confirmFromBrowser(String id, Params p) {
        try {
            return Payments.clientView(payments.confirmOrThrow(payments.getWithClientSecret(id, p), p));
        } catch (ApiError e) {
            if (e.error.get("payment_intent") instanceof ObjectNode pi) {
                e.error.set("payment_intent", Payments.clientView(pi));
            }
            throw e;
        }
    }

    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> payments.cancel(id, p));
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "payment_intent", "customer");
    }
}
