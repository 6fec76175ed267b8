package com.microdrama.stripeemulator.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microdrama.stripeemulator.api.ApiError;
import com.microdrama.stripeemulator.api.Metadata;
import com.microdrama.stripeemulator.api.Params;
import com.microdrama.stripeemulator.store.EmulatorTime;
import com.microdrama.stripeemulator.store.Store;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Stripe's webhook endpoint objects ({@code we_…}): where events go besides the configured URL, each endpoint with
 * its own signing secret. The secret is kept beside the stored object, never in it, because Stripe shows it only in
 * the create answer.
 */
@ApplicationScoped
public class WebhookEndpoints {

    static final String OBJECT = "webhook_endpoint";

    /**
     * Stripe checks enabled events against its full list of types; the emulator checks only their form, so a client
     * may subscribe to types the emulator never sends, as it may on Stripe.
     */
    private static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z0-9_]+(\\.[a-z0-9_]+)+");
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Store store;
    private final EmulatorTime time;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    public WebhookEndpoints(Store store, EmulatorTime time) {
        this.store = store;
        this.time = time;
    }

    /** The new endpoint as answered once: with its {@code secret}. */
    public ObjectNode create(Params p) {
        String url = url(p.required("url"));
        List<String> events = enabledEvents(p);
        if (events.isEmpty()) {
            throw ApiError.missingParam("enabled_events");
        }
        ObjectNode endpoint = store.create(OBJECT, "we");
        endpoint.put("url", url);
        setEvents(endpoint, events);
        endpoint.put("created", time.wallClock());
        endpoint.put("api_version", p.str("api_version"));
        endpoint.put("description", p.str("description"));
        Metadata.apply(endpoint, p);
        String secret = newSecret();
        secrets.put(endpoint.get("id").asText(), secret);
        ObjectNode answer = endpoint.deepCopy();
        answer.put("secret", secret);
        return answer;
    }

    /** {@code url}, {@code enabled_events[]}, {@code disabled}, {@code description}, {@code metadata}. */
    public ObjectNode update(String id, Params p) {
        ObjectNode endpoint = store.get(OBJECT, id, "id");
        String url = p.has("url") ? url(p.str("url")) : null;
        List<String> events = enabledEvents(p);
        Boolean disabled = disabled(p);
        if (url != null) {
            endpoint.put("url", url);
        }
        if (!events.isEmpty()) {
            setEvents(endpoint, events);
        }
        if (disabled != null) {
            endpoint.put("status", disabled ? "disabled" : "enabled");
        }
        if (p.has("description")) {
            endpoint.put("description", p.str("description"));
        }
        Metadata.apply(endpoint, p);
        return endpoint;
    }

    /** Stripe's deleted-object answer; the endpoint is gone (404 afterwards) and gets nothing more. */
    public ObjectNode delete(String id) {
        store.get(OBJECT, id, "id");
        store.remove(id);
        secrets.remove(id);
        ObjectNode deleted = store.json().createObjectNode();
        deleted.put("id", id);
        deleted.put("object", OBJECT);
        deleted.put("deleted", true);
        return deleted;
    }

    /** The enabled endpoints that take this event type ({@code *} or the type itself), oldest first. Under the store's lock. */
    List<WebhookDelivery.Target> targets(String type) {
        List<WebhookDelivery.Target> out = new ArrayList<>();
        for (ObjectNode endpoint : store.all(OBJECT, e -> enabled(e) && takes(e, type))) {
            String id = endpoint.get("id").asText();
            out.add(0, new WebhookDelivery.Target(id, endpoint.get("url").asText(), secrets.get(id)));
        }
        return out;
    }

    /** Whether the endpoint still exists and is enabled: Stripe stops retrying to one disabled or deleted meanwhile. */
    boolean receives(String id) {
        return store.locked(() -> {
            ObjectNode endpoint = store.find(id);
            return endpoint != null && OBJECT.equals(endpoint.path("object").asText()) && enabled(endpoint);
        });
    }

    private static boolean enabled(ObjectNode endpoint) {
        return "enabled".equals(endpoint.path("status").asText());
    }

    private static boolean takes(ObjectNode endpoint, String type) {
        for (var event : endpoint.path("enabled_events")) {
            if ("*".equals(event.asText()) || type.equals(event.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String url(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // answered below as Stripe answers any URL it cannot use
        }
        throw ApiError.invalid("url_invalid", "url", "Invalid URL: " + url);
    }

    private static List<String> enabledEvents(Params p) {
        List<String> events = p.strList("enabled_events");
        for (int i = 0; i < events.size(); i++) {
            if (!EVENT_TYPE.matcher(events.get(i)).matches()) {
                throw ApiError.invalid("parameter_invalid_string", "enabled_events[" + i + "]",
                        "Invalid enabled_events[" + i + "]: '" + events.get(i) + "' is not an event type or '*'");
            }
        }
        return events;
    }

    private static void setEvents(ObjectNode endpoint, List<String> events) {
        ArrayNode array = endpoint.putArray("enabled_events");
        events.stream().distinct().forEach(array::add);
    }

    private static Boolean disabled(Params p) {
        String value = p.str("disabled");
        if (value == null) {
            return null;
        }
        if (!"true".equals(value) && !"false".equals(value)) {
            throw ApiError.invalid(null, "disabled", "Invalid boolean: " + value);
        }
        return "true".equals(value);
    }

    private String newSecret() {
        StringBuilder secret = new StringBuilder("whsec_");
        for (int i = 0; i < 32; i++) {
            secret.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
        }
        return secret.toString();
    }
}
