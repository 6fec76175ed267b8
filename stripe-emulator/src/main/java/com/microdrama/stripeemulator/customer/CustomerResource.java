package com.microdrama.stripeemulator.customer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.Api;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.ListPage;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.event.Events;
import com.microdrama.stripeemulator.payment.PaymentMethods;
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

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v1/customers}: create (email, name, metadata, {@code test_clock}, {@code payment_method},
 * {@code invoice_settings[default_payment_method]}), update, retrieve, list ({@code email}, {@code test_clock}) and
 * search with one clause ({@code email:'…'} or {@code metadata['key']:'value'}).
 */
@Path("/v1/customers")
public class CustomerResource {

    private static final Pattern CLAUSE = Pattern.compile("\\s*(email|name|metadata\\['([^']+)'])\\s*:\\s*'([^']*)'\\s*");

    private final Api api;
    private final Store store;
    private final EmulatorTime time;
    private final Events events;
    private final PaymentMethods paymentMethods;

    public CustomerResource(Api api, Store store, EmulatorTime time, Events events, PaymentMethods paymentMethods) {
        this.api = api;
        this.store = store;
        this.time = time;
        this.events = events;
        this.paymentMethods = paymentMethods;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, this::create);
    }

    private ObjectNode create(Params p) {
        String clock = p.str("test_clock");
        if (clock != null) {
            store.get("test_helpers.test_clock", clock, "test_clock");
        }
        ObjectNode customer = store.create("customer", "cus");
        customer.put("test_clock", clock);
        customer.put("created", time.forCustomer(customer.get("id").asText()));
        customer.put("invoice_prefix", String.format("EMU%05d", store.all("customer", c -> true).size()));
        update(customer, p);
        events.emit("customer.created", customer);
        return customer;
    }

    @POST
    @Path("/{id}")
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> {
            ObjectNode customer = store.get("customer", id, "id");
            ObjectNode before = customer.deepCopy();
            update(customer, p);
            ObjectNode previous = customer.objectNode();
            before.fields().forEachRemaining(f -> {
                if (!f.getValue().equals(customer.get(f.getKey()))) {
                    previous.set(f.getKey(), f.getValue());
                }
            });
            events.emit("customer.updated", customer, previous);
            return customer;
        });
    }

    private void update(ObjectNode customer, Params p) {
        for (String field : new String[] {"email", "name", "description", "phone"}) {
            if (p.has(field)) {
                customer.put(field, p.str(field));
            }
        }
        String id = customer.get("id").asText();
        ObjectNode attached = paymentMethods.resolve(p.str("payment_method"), "payment_method");
        if (attached != null) {
            paymentMethods.attach(attached, id);
        }
        String defaultRef = p.obj("invoice_settings").str("default_payment_method");
        if (defaultRef != null) {
            ObjectNode pm = attached != null && (defaultRef.equals(p.str("payment_method")) || defaultRef.equals(attached.get("id").asText()))
                    ? attached : paymentMethods.resolve(defaultRef, "invoice_settings[default_payment_method]");
            if (!id.equals(pm.path("customer").asText())) {
                throw ApiError.invalid("resource_missing", "invoice_settings[default_payment_method]",
                        "The customer does not have a payment method with the ID " + pm.get("id").asText()
                                + ". The payment method must be attached to the customer.");
            }
            customer.with("invoice_settings").put("default_payment_method", pm.get("id").asText());
        }
        Metadata.apply(customer, p);
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "customer", id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "customer", "email", "test_clock");
    }

    @GET
    @Path("/search")
    public Response search(@Context UriInfo uri) {
        return api.get(uri, p -> {
            Matcher clause = CLAUSE.matcher(p.required("query"));
            if (!clause.matches()) {
                throw ApiError.invalid("parameter_invalid_string", "query",
                        "The emulator searches by one clause: email:'…', name:'…' or metadata['key']:'value'");
            }
            ObjectNode page = ListPage.of(store.all("customer", c -> {
                String actual = clause.group(2) != null ? c.path("metadata").path(clause.group(2)).asText(null)
                        : c.path(clause.group(1)).asText(null);
                return clause.group(3).equals(actual);
            }), p, "/v1/customers/search");
            page.put("object", "search_result");
            page.putNull("next_page");
            page.put("total_count", page.get("data").size());
            return page;
        });
    }
}
