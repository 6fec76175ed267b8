package com.microdrama.stripeemulator.webhook;

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

/**
 * {@code /v1/webhook_endpoints}: create ({@code url}, {@code enabled_events[]}, description, metadata,
 * {@code api_version}; the answer alone carries the {@code secret}), retrieve, update ({@code disabled} among them),
 * {@code DELETE}, list.
 */
@Path("/v1/webhook_endpoints")
public class WebhookEndpointResource {

    private final Api api;
    private final WebhookEndpoints endpoints;

    public WebhookEndpointResource(Api api, WebhookEndpoints endpoints) {
        this.api = api;
        this.endpoints = endpoints;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, endpoints::create);
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, WebhookEndpoints.OBJECT, id);
    }

    @POST
    @Path("/{id}")
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> endpoints.update(id, p));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.delete(headers, uri, p -> endpoints.delete(id));
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, WebhookEndpoints.OBJECT);
    }
}
