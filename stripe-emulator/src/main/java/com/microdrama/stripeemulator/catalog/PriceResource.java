package com.microdrama.stripeemulator.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.Api;
import com.microdrama.stripeemulator.api.ApiError;
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

import java.util.Locale;
import java.util.Set;

/**
 * {@code /v1/prices}: one-time or recurring ({@code recurring[interval]}, {@code recurring[interval_count]}), with an
 * optional {@code lookup_key} that is unique among prices (moved from another price with {@code transfer_lookup_key}),
 * updated ({@code active}, {@code nickname}, {@code lookup_key}, metadata), listed by {@code lookup_keys[]}.
 */
@Path("/v1/prices")
public class PriceResource {

    private static final Set<String> INTERVALS = Set.of("day", "week", "month", "year");

    private final Api api;
    private final Store store;
    private final EmulatorTime time;

    public PriceResource(Api api, Store store, EmulatorTime time) {
        this.api = api;
        this.store = store;
        this.time = time;
    }

    @POST
    public Response create(String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, this::create);
    }

    private ObjectNode create(Params p) {
        String currency = p.required("currency").toLowerCase(Locale.ROOT);
        long amount = p.requiredLong("unit_amount");
        String product = p.required("product");
        store.get("product", product, "product");
        Params recurring = p.obj("recurring");
        String interval = recurring.str("interval");
        if (interval != null && !INTERVALS.contains(interval)) {
            throw ApiError.invalid("parameter_invalid_string", "recurring[interval]", "Invalid recurring[interval]: must be one of day, week, month, or year");
        }
        // checked before the price exists, so a refused create leaves nothing behind
        String lookupKey = p.str("lookup_key");
        takeLookupKey(lookupKey, null, p.bool("transfer_lookup_key"));
        ObjectNode price = store.create("price", "price");
        price.put("currency", currency);
        price.put("unit_amount", amount);
        price.put("unit_amount_decimal", String.valueOf(amount));
        price.put("product", product);
        price.put("nickname", p.str("nickname"));
        price.put("lookup_key", lookupKey);
        price.put("created", time.wallClock());
        if (interval != null) {
            ObjectNode r = price.putObject("recurring");
            r.put("interval", interval);
            r.put("interval_count", recurring.lng("interval_count") == null ? 1 : recurring.lng("interval_count"));
            r.putNull("meter");
            r.put("usage_type", "licensed");
            r.putNull("trial_period_days");
            price.put("type", "recurring");
        }
        Metadata.apply(price, p);
        return price;
    }

    /**
     * A lookup key names one price at a time: taking one another price has is Stripe's 400, unless the caller asks to
     * transfer it (how a price changes while clients keep finding it by key).
     */
    private void takeLookupKey(String key, String forPrice, boolean transfer) {
        if (key == null) {
            return;
        }
        for (ObjectNode other : store.all("price", o -> key.equals(o.path("lookup_key").asText(null)) && !o.path("id").asText().equals(forPrice))) {
            if (!transfer) {
                throw ApiError.invalid(null, "lookup_key", "A price (`" + other.path("id").asText() + "`) already uses that lookup key.");
            }
            other.putNull("lookup_key");
        }
    }

    @POST
    @Path("/{id}")
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers, @Context UriInfo uri) {
        return api.post(headers, uri, body, p -> {
            ObjectNode price = store.get("price", id, "id");
            // an empty lookup_key removes it, as on Stripe
            if (p.asMap().containsKey("lookup_key")) {
                takeLookupKey(p.str("lookup_key"), id, p.bool("transfer_lookup_key"));
                price.put("lookup_key", p.str("lookup_key"));
            }
            if (p.has("active")) {
                price.put("active", p.bool("active"));
            }
            if (p.asMap().containsKey("nickname")) {
                price.put("nickname", p.str("nickname"));
            }
            Metadata.apply(price, p);
            return price;
        });
    }

    @GET
    @Path("/{id}")
    public Response retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        return api.retrieve(uri, "price", id);
    }

    @GET
    public Response list(@Context UriInfo uri) {
        return api.list(uri, "price",
                (p, price) -> p.strList("lookup_keys").isEmpty() || p.strList("lookup_keys").contains(price.path("lookup_key").asText(null)),
                "product", "type", "active");
    }
}
