package com.microdrama.support.idempotency;

import com.microdrama.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdempotencyKeysTest {

    @Test
    void aRequiredKeyMustBePresentPrintableAndBounded() {
        assertEquals("idempotency-key-required", refusal(() -> IdempotencyKeys.require(null)).slug());
        assertEquals("idempotency-key-required", refusal(() -> IdempotencyKeys.require("  ")).slug());
        assertEquals("idempotency-key-invalid", refusal(() -> IdempotencyKeys.require("a b")).slug());
        assertEquals("idempotency-key-invalid", refusal(() -> IdempotencyKeys.require("k".repeat(256))).slug());
        assertEquals("9b2f-key", IdempotencyKeys.require(" 9b2f-key "));
        assertEquals(255, IdempotencyKeys.require("k".repeat(255)).length());
    }

    @Test
    void aBadKeyIsA400() {
        assertEquals(400, refusal(() -> IdempotencyKeys.require(null)).status());
        assertEquals(400, refusal(() -> IdempotencyKeys.optional("é", 200)).status());
    }

    @Test
    void anOptionalKeyMayBeAbsentButNotEmptyOrBeyondTheServicesColumn() {
        assertNull(IdempotencyKeys.optional(null, 200));
        assertEquals("idempotency-key-invalid", refusal(() -> IdempotencyKeys.optional("", 200)).slug());
        assertEquals("idempotency-key-invalid", refusal(() -> IdempotencyKeys.optional("k".repeat(201), 200)).slug());
        assertEquals("idempotency-key-invalid", refusal(() -> IdempotencyKeys.optional("tab\tkey", 200)).slug());
        assertEquals(200, IdempotencyKeys.optional("k".repeat(200), 200).length());
    }

    @Test
    void aHeaderSentEmptyIsMalformedWhileNoHeaderIsNoKey() {
        assertNull(IdempotencyKeys.optionalHeader(null, 200));
        assertNull(IdempotencyKeys.optionalHeader(java.util.List.of(), 200));
        assertEquals("idempotency-key-invalid",
                refusal(() -> IdempotencyKeys.optionalHeader(java.util.List.of(""), 200)).slug());
        assertEquals("idempotency-key-invalid",
                refusal(() -> IdempotencyKeys.optionalHeader(java.util.Collections.singletonList(null), 200)).slug());
        assertEquals("k-1", IdempotencyKeys.optionalHeader(java.util.List.of(" k-1 ", "k-2"), 200));
    }

    @Test
    void anOptionalKeyNeverExceedsTheSharedMaximum() {
        assertEquals("idempotency-key-invalid", refusal(() -> IdempotencyKeys.optional("k".repeat(256), 1000)).slug());
    }

    private static ProblemException refusal(Runnable call) {
        return assertThrows(ProblemException.class, call::run);
    }
}
