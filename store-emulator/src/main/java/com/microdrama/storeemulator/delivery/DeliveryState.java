package com.microdrama.storeemulator.delivery;

import java.util.List;

/**
 * Where one notification stands: {@code pending} (queued, no attempt yet), {@code retrying}, {@code delivered},
 * {@code failed} (every attempt spent) or {@code not-sent} (built for the caller to post itself).
 */
public record DeliveryState(String id, String url, String status, int attempts, Integer lastStatusCode, String lastError,
                            List<Attempt> history) {

    public static final String PENDING = "pending";
    public static final String RETRYING = "retrying";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String NOT_SENT = "not-sent";

    /** One POST: when it was made (ms epoch), the HTTP status when one came back, else what went wrong. */
    public record Attempt(long at, Integer statusCode, String error) {
    }

    public static DeliveryState notSent(String id) {
        return new DeliveryState(id, null, NOT_SENT, 0, null, null, List.of());
    }

    static DeliveryState pending(String id, String url) {
        return new DeliveryState(id, url, PENDING, 0, null, null, List.of());
    }

    DeliveryState after(Attempt attempt, String nextStatus) {
        List<Attempt> all = new java.util.ArrayList<>(history);
        all.add(attempt);
        return new DeliveryState(id, url, nextStatus, all.size(), attempt.statusCode(), attempt.error(), List.copyOf(all));
    }
}
