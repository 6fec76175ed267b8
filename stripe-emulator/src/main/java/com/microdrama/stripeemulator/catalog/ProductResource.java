package com.microdrama.stripeemulator.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.Api;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
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

/** {@code /v1/products}: create (name, optional {@code id}, description, metadata), retrieve, list ({@code active}). */
@Path("/v1/products")
public class ProductResource {

    private final Api api;
    private final Store store;
    private final EmulatorTime time;

    public ProductResource(Api api, Store store, EmulatorTime time) {
        this.api = api;
        this.store = store;
        this.time = time;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, this::create);
    }

    private ObjectNode create(Params p) {
        String name = p.required("name");
        // A client-chosen id (Stripe accepts one on products), else a generated one.
        String id = p.str("id");
        ObjectNode product = id == null ? store.create("product", "prod") : store.createWithId("product", id);
        product.put("name", name);
        product.put("description", p.str("description"));
        product.put("active", !"false".equals(p.str("active")));
        product.put("created", time.wallClock());
        product.put("updated", time.wallClock());
        Metadata.apply(product, p);
        return product;
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "product", id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "product", "active");
    }
}
