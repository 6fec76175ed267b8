package com.microdrama.stripeemulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.EmulatorConfig;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One place for what every Stripe endpoint does around its own work: parameters (query string and form body),
 * the Idempotency-Key, {@code expand[]}, a {@code Request-Id}, errors in Stripe's format, and the store's lock.
 */
@ApplicationScoped
public class Api {

    private final Store store;
    private final Idempotency idempotency;
    private final EmulatorConfig config;

    public Api(Store store, Idempotency idempotency, EmulatorConfig config) {
        this.store = store;
        this.idempotency = idempotency;
        this.config = config;
    }

    /**
     * Whether the request came with the publishable key (ApiFilters lets it through only to a PaymentIntent's
     * retrieve and confirm): the endpoint then asks for the intent's client_secret and answers the client view.
     */
    public boolean publishable(HttpHeaders headers) {
        String key = ApiFilters.keyOf(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        return key.equals(config.publishableKey()) && !key.equals(config.apiKey());
    }

    public Response get(UriInfo uri, Function<Params, ObjectNode> work) {
        return handle("GET", null, uri, Params.parse(uri.getRequestUri().getRawQuery()), work);
    }

    /** A retrieve endpoint: the object of that kind with that id, else 404 {@code resource_missing}. */
    public Response retrieve(UriInfo uri, String object, String id) {
        return get(uri, p -> store.get(object, id, "id"));
    }

    /**
     * A list endpoint: objects of one kind, newest first, narrowed by the listed parameters (each compares with the
     * field of that name, or with a JSON pointer: {@code "subscription=/parent/subscription_details/subscription"})
     * and by {@code extra}.
     */
    public Response list(UriInfo uri, String object, BiPredicate<Params, ObjectNode> extra, String... filters) {
        return get(uri, p -> ListPage.of(store.all(object, o -> extra.test(p, o) && matches(p, o, filters)), p, uri.getPath()));
    }

    public Response list(UriInfo uri, String object, String... filters) {
        return list(uri, object, (p, o) -> true, filters);
    }

    private static boolean matches(Params p, ObjectNode o, String... filters) {
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            String param = eq < 0 ? filter : filter.substring(0, eq);
            String pointer = eq < 0 ? "/" + filter : filter.substring(eq + 1);
            if (p.has(param) && !p.str(param).equals(o.at(pointer).asText())) {
                return false;
            }
        }
        return true;
    }

    public Response post(HttpHeaders headers, UriInfo uri, String body, Function<Params, ObjectNode> work) {
        return handle("POST", headers, uri, Params.parse(uri.getRequestUri().getRawQuery(), body), work);
    }

    public Response delete(HttpHeaders headers, UriInfo uri, Function<Params, ObjectNode> work) {
        return handle("DELETE", headers, uri, Params.parse(uri.getRequestUri().getRawQuery()), work);
    }

    private Response handle(String method, HttpHeaders headers, UriInfo uri, Params params, Function<Params, ObjectNode> work) {
        String requestId = store.locked(() -> store.newId("req"));
        String key = headers == null ? null : headers.getHeaderString("Idempotency-Key");
        String path = uri.getPath();
        try {
            Idempotency.Saved saved = key == null ? null : idempotency.begin(key, method, path, params.asMap());
            if (saved != null) {
                return answer(saved.status(), saved.body(), requestId, key).header("Idempotent-Replayed", "true").build();
            }
        } catch (ApiError e) {
            return answer(e.status, store.text(e.body()), requestId, key).build();
        }
        RequestContext.set(new RequestContext(requestId, key));
        int status = 200;
        String body;
        try {
            body = store.locked(() -> {
                ObjectNode result = work.apply(params).deepCopy();
                params.expand().forEach(p -> Expander.expand(store, result, p));
                return store.text(result);
            });
        } catch (ApiError e) {
            status = e.status;
            body = store.text(e.body());
        } catch (RuntimeException e) {
            if (key != null) {
                idempotency.end(key, method, path, params.asMap(), 500, "");
            }
            throw e;
        } finally {
            RequestContext.set(null);
        }
        if (key != null) {
            idempotency.end(key, method, path, params.asMap(), status, body);
        }
        return answer(status, body, requestId, key).build();
    }

    private Response.ResponseBuilder answer(int status, String body, String requestId, String key) {
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .header("Request-Id", requestId)
                .header("Stripe-Version", config.apiVersion());
        if (key != null) {
            answer.header("Idempotency-Key", key);
        }
        return answer;
    }
}
