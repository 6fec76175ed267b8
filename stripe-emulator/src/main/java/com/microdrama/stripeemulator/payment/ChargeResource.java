package com.microdrama.stripeemulator.payment;

import com.microdrama.stripeemulator.api.Api;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v1/charges}: retrieve, list ({@code customer}, {@code payment_intent}); charges come from confirmations. */
@Path("/v1/charges")
public class ChargeResource {

    private final Api api;

    public ChargeResource(Api api) {
        this.api = api;
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "charge", id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "charge", "customer", "payment_intent");
    }
}
