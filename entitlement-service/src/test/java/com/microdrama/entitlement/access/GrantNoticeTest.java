package com.microdrama.entitlement.access;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class GrantNoticeTest {
    private static final SpanContext GRANT = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
            TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    void aGrantInsideATraceNamesItsSpanAfterTheUserId() {
        String payload = GrantNotice.encode("3f1c-user", GRANT);
        assertEquals("3f1c-user 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", payload);

        GrantNotice notice = GrantNotice.decode(payload);
        assertEquals("3f1c-user", notice.userId());
        assertEquals(GRANT.getTraceId(), notice.grant().getTraceId());
        assertEquals(GRANT.getSpanId(), notice.grant().getSpanId());
        assertEquals(TraceFlags.getSampled(), notice.grant().getTraceFlags());
    }

    @Test
    void aPayloadWithoutATraceparentIsTheUserIdAloneAsBeforeTracing() {
        assertEquals("alice", GrantNotice.encode("alice", SpanContext.getInvalid()));
        for (String userId : new String[] {"alice", "a user with spaces", "x 00-not-a-traceparent",
                "u 00-00000000000000000000000000000000-b7ad6b7169203331-01"}) {
            GrantNotice notice = GrantNotice.decode(userId);
            assertEquals(userId, notice.userId());
            assertFalse(notice.grant().isValid());
        }
    }
}
