package com.microdrama.entitlement.promo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RegionPromoTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static RegionPromo promo(Instant from, Instant until, Instant endedAt) {
        RegionPromo p = new RegionPromo();
        p.validFrom = from;
        p.validUntil = until;
        p.endedAt = endedAt;
        return p;
    }

    @Test
    void theStateFollowsTheWindowUntilAnAdminEndsIt() {
        Instant from = NOW.plus(Duration.ofHours(1));
        Instant until = NOW.plus(Duration.ofHours(2));
        assertEquals(RegionPromo.State.SCHEDULED, promo(from, until, null).stateAt(NOW));
        assertEquals(RegionPromo.State.ACTIVE, promo(from, until, null).stateAt(from));
        assertEquals(RegionPromo.State.EXPIRED, promo(from, until, null).stateAt(until));
        assertEquals(RegionPromo.State.ENDED, promo(from, until, NOW).stateAt(from));
    }
}
