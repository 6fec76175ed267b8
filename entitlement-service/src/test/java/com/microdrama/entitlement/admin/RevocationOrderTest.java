package com.microdrama.entitlement.admin;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevocationOrderTest {
    private static final Instant T1 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);

    @Test
    void aFirstRevocationAlwaysApplies() {
        assertTrue(RevocationOrder.replaces(null, T1));
    }

    @Test
    void anEarlierRevocationReplacesALaterOneAppliedFirstDuringAReplay() {
        assertTrue(RevocationOrder.replaces(T2, T1));
    }

    @Test
    void aLaterOrEqualRevocationChangesNothing() {
        assertFalse(RevocationOrder.replaces(T1, T2));
        assertFalse(RevocationOrder.replaces(T1, T1));
    }
}
