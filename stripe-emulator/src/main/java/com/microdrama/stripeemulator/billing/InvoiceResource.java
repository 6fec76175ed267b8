package com.microdrama.stripeemulator.billing;

import com.microdrama.stripeemulator.api.Api;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v1/invoices}: retrieve, list ({@code customer}, {@code subscription}, {@code status}); subscriptions make them. */
@Path("/v1/invoices")
public class InvoiceResource {

    private final Api api;

    public InvoiceResource(Api api) {
        this.api = api;
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "invoice", id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "invoice", "customer", "status", "subscription=/parent/subscription_details/subscription");
    }
}
