package com.microdrama.support.logging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class LogContextTest {

    @Test
    void only_a_request_id_the_gateway_would_pass_reaches_the_logs() {
        assertNotNull(LogContext.saneRequestId("3b1f0c2e9d8a7f6e5d4c3b2a1f0e9d8c"));
        assertNull(LogContext.saneRequestId("abc\n{\"level\":\"ERROR\"}"));
        assertNull(LogContext.saneRequestId("x".repeat(129)));
        assertNull(LogContext.saneRequestId(""));
        assertNull(LogContext.saneRequestId(null));
    }
}
