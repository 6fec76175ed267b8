package com.microdrama.stripeemulator.dispute;

import com.microdrama.stripeemulator.api.Api;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** {@code /v1/disputes}: retrieve, update (evidence), close (accept), list ({@code charge}, {@code payment_intent}). */
@Path("/v1/disputes")
public class DisputeResource {

    private final Api api;
    private final Disputes disputes;

    public DisputeResource(Api api, Disputes disputes) {
        this.api = api;
        this.disputes = disputes;
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.get(uri, p -> disputes.get(id));
    }

    @POST
    @Path("/{id}")
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> disputes.update(id, p));
    }

    @POST
    @Path("/{id}/close")
    public Response close(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> disputes.accept(id));
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "dispute", "charge", "payment_intent");
    }
}
