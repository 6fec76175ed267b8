package com.microdrama.payment.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.support.idempotency.IdempotencyKeys;
import com.microdrama.support.idempotency.IdempotentReplay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * This service's storage for the shared Idempotency-Key rules ({@code com.microdrama.support.idempotency}: key
 * format, request fingerprint, replay or conflict), used by every state-changing POST.
 *
 * <p>The key row is inserted first in the business transaction ({@code ON CONFLICT DO NOTHING}). PostgreSQL makes a
 * second request with the same key wait on that insert until the first transaction ends, so the effect runs once:
 * if the first committed, the second finds its stored answer and replays it; if it rolled back, the second does the
 * work itself. The answer is stored in the same transaction as the effect. Error answers are never stored: a
 * business error rolls the transaction (and the key) back, so a retry after e.g. topping up the wallet can succeed.
 * Fingerprints stored before the scheme moved to service-support are the same digests (same material, same hash),
 * so a retry of such a request within the key's retention is still replayed.
 */
@ApplicationScoped
public class Idempotency {
    private final ObjectMapper json;

    public Idempotency(ObjectMapper json) {
        this.json = json;
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
                    // not completed only if the row vanished (cleanup) between the insert and this read
                    boolean completed = record != null && IdempotencyRecord.COMPLETED.equals(record.status);
                    IdempotentReplay.requireReplay(completed, completed ? record.requestHash : null,
                            List.of(requestHash), 422,
                            "This Idempotency-Key was already used for a different request; use a new key");
                    return new StoredResponse(record.responseStatus, record.responseBody, true);
                });
    }

    /** The HTTP answer for a stored or fresh response; replays are marked so clients and logs can tell. */
    public static Response toResponse(StoredResponse stored) {
        Response.ResponseBuilder builder = Response.status(stored.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(stored.body());
        if (stored.replayed()) {
            builder.header(IdempotencyKeys.REPLAYED_HEADER, "true");
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
