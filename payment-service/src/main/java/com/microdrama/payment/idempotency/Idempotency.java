package com.microdrama.payment.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The one Idempotency-Key mechanism for every state-changing POST.
 *
 * <p>The key row is inserted first in the business transaction ({@code ON CONFLICT DO NOTHING}). PostgreSQL makes a
 * second request with the same key wait on that insert until the first transaction ends, so the effect runs once:
 * if the first committed, the second finds its stored answer and replays it; if it rolled back, the second does the
 * work itself. The answer is stored in the same transaction as the effect. Error answers are never stored: a
 * business error rolls the transaction (and the key) back, so a retry after e.g. topping up the wallet can succeed.
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 255;

    private final ObjectMapper json;

    public Idempotency(ObjectMapper json) {
        this.json = json;
    }

    /** Validates the header value; the key is opaque to us (a UUID is recommended). */
    public static String requireKey(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ProblemException(400, "idempotency-key-required", "Idempotency-Key required",
                    "State-changing requests need an Idempotency-Key header (e.g. a fresh UUID per intended action)");
        }
        String key = raw.strip();
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ProblemException(400, "idempotency-key-invalid", "Idempotency-Key invalid",
                    "An Idempotency-Key is 1 to " + MAX_KEY_LENGTH + " printable ASCII characters without spaces");
        }
        return key;
    }

    /**
     * Runs {@code effect} at most once per (user, key) and answers {@code successStatus} with its result as JSON, or
     * replays the stored answer. Must be called inside the transaction that carries the effect.
     */
    public Uni<StoredResponse> once(String userId, String key, String requestHash, int successStatus,
                                    Supplier<Uni<?>> effect) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "insert into idempotency_key (user_id, key, request_hash, status, created_at) "
                                        + "values (:userId, :key, :hash, 'IN_PROGRESS', now()) "
                                        + "on conflict (user_id, key) do nothing")
                        .setParameter("userId", userId)
                        .setParameter("key", key)
                        .setParameter("hash", requestHash)
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? runAndStore(userId, key, successStatus, effect)
                        : replay(userId, key, requestHash));
    }

    private Uni<StoredResponse> runAndStore(String userId, String key, int status, Supplier<Uni<?>> effect) {
        return effect.get().chain(result -> {
            String body = write(result);
            return Panache.getSession()
                    .chain(s -> s.createNativeQuery(
                                    "update idempotency_key set status = 'COMPLETED', response_status = :status, "
                                            + "response_body = :body, completed_at = now() "
                                            + "where user_id = :userId and key = :key")
                            .setParameter("status", status)
                            .setParameter("body", body)
                            .setParameter("userId", userId)
                            .setParameter("key", key)
                            .executeUpdate())
                    .replaceWith(new StoredResponse(status, body, false));
        });
    }

    private Uni<StoredResponse> replay(String userId, String key, String requestHash) {
        return Panache.getSession()
                .chain(s -> s.find(IdempotencyRecord.class, new IdempotencyRecord.Key(userId, key)))
                .map(record -> {
                    if (record == null || !IdempotencyRecord.COMPLETED.equals(record.status)) {
                        // only possible if the row vanished (cleanup) between the insert and this read
                        throw new ProblemException(409, "idempotency-key-in-use", "Idempotency-Key in use",
                                "Another request with this Idempotency-Key is in progress; retry shortly");
                    }
                    if (!record.requestHash.equals(requestHash)) {
                        throw new ProblemException(422, "idempotency-key-reused", "Idempotency-Key reused",
                                "This Idempotency-Key was already used for a different request; use a new key");
                    }
                    return new StoredResponse(record.responseStatus, record.responseBody, true);
                });
    }

    /** The HTTP answer for a stored or fresh response; replays are marked so clients and logs can tell. */
    public static Response toResponse(StoredResponse stored) {
        Response.ResponseBuilder builder = Response.status(stored.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(stored.body());
        if (stored.replayed()) {
            builder.header(REPLAYED_HEADER, "true");
        }
        return builder.build();
    }

    private String write(Object result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
