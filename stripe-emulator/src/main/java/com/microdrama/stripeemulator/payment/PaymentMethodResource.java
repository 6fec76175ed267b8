package com.microdrama.stripeemulator.payment;

import com.microdrama.stripeemulator.api.Api;
import com.microdrama.stripeemulator.store.Store;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v1/payment_methods}: retrieve and attach to a customer. */
@Path("/v1/payment_methods")
public class PaymentMethodResource {

    private final Api api;
    private final Store store;
    private final PaymentMethods paymentMethods;

    public PaymentMethodResource(Api api, Store store, PaymentMethods paymentMethods) {
        this.api = api;
        this.store = store;
        this.paymentMethods = paymentMethods;
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "payment_method", id);
    }

    @POST
    @Path("/{id}/attach")
    public Response attach(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> {
            var pm = paymentMethods.resolve(id, "payment_method");
            paymentMethods.attach(pm, store.get("customer", p.required("customer"), "customer").get("id").asText());
            return pm;
        });
    }
}
