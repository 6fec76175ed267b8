package com.microdrama.stripeemulator.billing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.Api;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.event.Events;
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
 * {@code /v1/test_helpers/test_clocks}: create, retrieve, list, advance. Advancing answers {@code status=advancing}
 * and then, out of band, runs every renewal, trial end, retry and expiry due up to the new time in order, before
 * the clock is {@code ready} again (poll it, as with Stripe).
 */
@Path("/v1/test_helpers/test_clocks")
public class TestClockResource {

    private static final String OBJECT = "test_helpers.test_clock";

    private final Api api;
    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final Renewals renewals;
    private final Background background;

    public TestClockResource(Api api, Store store, EmulatorTime time, Events events, Renewals renewals, Background background) {
        this.api = api;
        this.store = store;
        this.time = time;
        this.events = events;
        this.renewals = renewals;
        this.background = background;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, this::create);
    }

    private ObjectNode create(Params p) {
        long frozen = p.requiredLong("frozen_time");
        ObjectNode clock = store.create("test_clock", "clock");
        clock.put("name", p.str("name"));
        clock.put("frozen_time", frozen);
        clock.put("created", time.wallClock());
        clock.put("deletes_after", time.wallClock() + 30 * 86400);
        clock.put("status", "ready");
        events.emit(OBJECT + ".created", clock);
        return clock;
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, OBJECT, id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, OBJECT);
    }

    @POST
    @Path("/{id}/advance")
    public Response advance(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> {
            ObjectNode clock = store.get(OBJECT, id, "test_clock");
            long target = p.requiredLong("frozen_time");
            if (!"ready".equals(clock.get("status").asText())) {
                throw ApiError.invalid("test_clock_not_ready", null, "The test clock is still advancing; wait until its status is ready.");
            }
            if (target <= clock.get("frozen_time").asLong()) {
                throw ApiError.invalid("parameter_invalid_integer", "frozen_time", "The frozen time must be after the current frozen time of the test clock.");
            }
            clock.put("status", "advancing");
            clock.putObject("status_details").putObject("advancing").put("target_frozen_time", target);
            events.emit(OBJECT + ".advancing", clock);
            background.later(Duration.ofMillis(50), () -> run(clock, target));
            return clock;
        });
    }

    private void run(ObjectNode clock, long target) {
        // Bounded: every step moves a subscription forward; a runaway loop would be a bug, not a long advance.
        int steps = 0;
        String id = clock.get("id").asText();
        for (Renewals.Due due = renewals.nextDue(id, target); due != null && steps++ < 10_000; due = renewals.nextDue(id, target)) {
            clock.put("frozen_time", due.at());
            due.action().run();
        }
        clock.put("frozen_time", target);
        clock.put("status", "ready");
        clock.putObject("status_details");
        events.emit(OBJECT + ".ready", clock);
    }
}
