package com.microdrama.stripeemulator.billing;

import com.microdrama.stripeemulator.api.Api;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Set;

/**
 * {@code /v1/subscriptions}: create, retrieve, update ({@code cancel_at_period_end}, {@code default_payment_method},
 * metadata), cancel ({@code DELETE}), list ({@code customer}, {@code status}; without {@code status} the ended ones
 * are left out, {@code status=all} lists every one).
 */
@Path("/v1/subscriptions")
public class SubscriptionResource {

    private static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");

    private final Api api;
    private final Subscriptions subscriptions;

    public SubscriptionResource(Api api, Subscriptions subscriptions) {
        this.api = api;
        this.subscriptions = subscriptions;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, subscriptions::subscribe);
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "subscription", id);
    }

    @POST
    @Path("/{id}")
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> subscriptions.update(id, p));
    }

    @DELETE
    @Path("/{id}")
    public Response cancel(@PathParam("id") String id, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.delete(headers, uri, p -> subscriptions.cancel(id));
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "subscription", (p, s) -> {
            String status = p.str("status");
            String actual = s.get("status").asText();
            return status == null ? !ENDED.contains(actual) : "all".equals(status) || status.equals(actual);
        }, "customer", "price=/items/data/0/price/id");
    }
}
