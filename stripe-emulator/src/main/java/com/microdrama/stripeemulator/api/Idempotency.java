package com.microdrama.stripeemulator.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stripe's Idempotency-Key rules: a key replays the first response of the same request (header
 * {@code Idempotent-Replayed: true}); the same key with other parameters or another endpoint is 400
 * {@code idempotency_error}; while the first request runs, a second is 409. Validation errors are not saved.
 */
@ApplicationScoped
public class Idempotency {

    public record Saved(String method, String path, Map<String, Object> params, int status, String body) {
    }

    private static final Saved IN_FLIGHT = new Saved("", "", Map.of(), 0, "");
    private final Map<String, Saved> byKey = new ConcurrentHashMap<>();

    /** The saved response to replay, or null when this request is the first with the key (now marked in flight). */
    public Saved begin(String key, String method, String path, Map<String, Object> params) {
        Saved saved = byKey.putIfAbsent(key, IN_FLIGHT);
        if (saved == null) {
            return null;
        }
        if (saved == IN_FLIGHT) {
            throw ApiError.idempotency(409, "There is currently another in-progress request using this Idempotent Key "
                    + "(that probably means you submitted twice, and the other request is still going through): " + key
                    + ". Please try again later.");
        }
        if (!saved.method.equals(method) || !saved.path.equals(path)) {
            throw ApiError.idempotency(400, "Keys for idempotent requests can only be used for the same endpoint they "
                    + "were first used for ('" + saved.method + " " + saved.path + "' vs '" + method + " " + path
                    + "'). Try using a key other than '" + key + "' if you meant to execute a different request.");
        }
        if (!Objects.equals(saved.params, params)) {
            throw ApiError.idempotency(400, "Keys for idempotent requests can only be used with the same parameters they "
                    + "were first used with. Try using a key other than '" + key + "' if you meant to execute a different request.");
        }
        return saved;
    }

    /** Saves a result worth replaying (success or a card error); otherwise frees the key for another try. */
    public void end(String key, String method, String path, Map<String, Object> params, int status, String body) {
        if (status < 300 || status == 402) {
            byKey.put(key, new Saved(method, path, params, status, body));
        } else {
            byKey.remove(key);
        }
    }
}
