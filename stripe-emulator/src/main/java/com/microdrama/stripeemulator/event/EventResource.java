package com.microdrama.stripeemulator.event;

import com.microdrama.stripeemulator.api.Api;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/** {@code GET /v1/events[/{id}]}; lists filter by {@code type} (with {@code *}, e.g. {@code charge.*}) or {@code types[]}. */
@Path("/v1/events")
public class EventResource {

    private final Api api;

    public EventResource(Api api) {
        this.api = api;
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "event", id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "event", (p, e) -> {
            String type = p.str("type");
            List<String> types = p.strList("types");
            String actual = e.get("type").asText();
            return (type == null || actual.matches(type.replace(".", "\\.").replace("*", ".*")))
                    && (types.isEmpty() || types.contains(actual));
        });
    }
}
