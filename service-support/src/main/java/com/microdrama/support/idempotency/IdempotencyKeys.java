package com.microdrama.support.idempotency;

import com.microdrama.support.problem.ProblemException;

/**
 * What a valid {@code Idempotency-Key} header is, and the 400 for one that is not: 1 to a service's maximum of
 * printable ASCII characters without spaces, surrounding blanks stripped. The key is opaque (a UUID is recommended).
 */
public final class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    /** Set on a replayed answer, so clients and logs can tell it from a fresh one. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /** A key every request of the endpoint must carry: absent or blank → 400 {@code idempotency-key-required}. */
    public static String require(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ProblemException(400, "idempotency-key-required", "Idempotency-Key required",
                    "State-changing requests need an Idempotency-Key header (e.g. a fresh UUID per intended action)");
        }
        return valid(raw.strip(), MAX_LENGTH);
    }

    /**
     * A key the endpoint accepts but does not need: {@code null} when absent. {@code maxLength} is where the
     * service's storage column ends (at most {@link #MAX_LENGTH}).
     */
    public static String optional(String raw, int maxLength) {
        return raw == null ? null : valid(raw.strip(), Math.min(maxLength, MAX_LENGTH));
    }

    /**
     * As {@link #optional(String, int)}, for the header's values as the request carried them: a header sent empty is
     * a malformed key (400), not an absent one, although JAX-RS hands an empty header to {@code @HeaderParam} as null.
     */
    public static String optionalHeader(java.util.List<String> sent, int maxLength) {
        if (sent == null || sent.isEmpty()) {
            return null;
        }
        String raw = sent.get(0);
        return optional(raw == null ? "" : raw, maxLength);
    }

    private static String valid(String key, int maxLength) {
        if (key.isEmpty() || key.length() > maxLength || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ProblemException(400, "idempotency-key-invalid", "Idempotency-Key invalid",
                    "An Idempotency-Key is 1 to " + maxLength + " printable ASCII characters without spaces");
        }
        return key;
    }
}
