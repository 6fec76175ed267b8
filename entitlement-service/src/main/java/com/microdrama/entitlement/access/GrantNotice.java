package com.microdrama.entitlement.access;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

import java.util.regex.Pattern;

/**
 * The payload of a grant's NOTIFY: the user id, followed by the W3C {@code traceparent} of the grant's span when the
 * grant ran inside a trace, so the check it wakes can link to the grant (docs/decisions/0025-tracing-through-the-outbox.md).
 * A payload without one (an older replica's, or a grant outside a trace) is the user id alone.
 */
record GrantNotice(String userId, SpanContext grant) {
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    /** A space and 55 characters of traceparent at the end of the payload. */
    private static final int SUFFIX = 1 + 55;

    static String encode(String userId, SpanContext grant) {
        if (!grant.isValid()) {
            return userId;
        }
        return userId + " 00-" + grant.getTraceId() + "-" + grant.getSpanId() + "-" + grant.getTraceFlags().asHex();
    }

    static GrantNotice decode(String payload) {
        int at = payload.length() - SUFFIX;
        if (at > 0 && payload.charAt(at) == ' ') {
            var parts = TRACEPARENT.matcher(payload.substring(at + 1));
            if (parts.matches()) {
                SpanContext grant = SpanContext.createFromRemoteParent(parts.group(1), parts.group(2),
                        TraceFlags.fromHex(parts.group(3), 0), TraceState.getDefault());
                if (grant.isValid()) {
                    return new GrantNotice(payload.substring(0, at), grant);
                }
            }
        }
        return new GrantNotice(payload, SpanContext.getInvalid());
    }
}
