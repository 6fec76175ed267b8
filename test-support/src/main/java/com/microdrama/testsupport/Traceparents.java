package com.microdrama.testsupport;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C {@code traceparent} values as a traced client sends them, for tests that follow one trace through the services
 * (docs/decisions/0025-tracing-through-the-outbox.md).
 */
public final class Traceparents {
    private Traceparents() {
    }

    /** A new random trace id (32 lower-case hex digits, never all zeros). */
    public static String newTraceId() {
        return randomHex(16);
    }

    /** A {@code traceparent} of trace {@code traceId} that asks for the trace to be recorded (sampled flag). */
    public static String sampled(String traceId) {
        return "00-" + traceId + "-" + randomHex(8) + "-01";
    }

    /** A {@code traceparent} of trace {@code traceId} that leaves it unrecorded: the ids still travel. */
    public static String unsampled(String traceId) {
        return "00-" + traceId + "-" + randomHex(8) + "-00";
    }

    /** The trace id of a {@code traceparent} value. */
    public static String traceIdOf(String traceparent) {
        String[] parts = traceparent.split("-");
        if (parts.length != 4 || parts[1].length() != 32) {
            throw new IllegalArgumentException("not a W3C traceparent: " + traceparent);
        }
        return parts[1];
    }

    private static String randomHex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1; // an all-zero id is invalid in W3C trace context
        return HexFormat.of().formatHex(id);
    }
}
