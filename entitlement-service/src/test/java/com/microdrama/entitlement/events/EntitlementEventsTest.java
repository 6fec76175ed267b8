package com.microdrama.entitlement.events;

import com.microdrama.entitlement.access.GrantKind;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EntitlementChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EntitlementEventsTest {
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-08T00:00:00Z");

    @Test
    void aGrantCarriesTheEntitlementAndItsCause() {
        Entitlement e = Entitlement.create("u1", GrantKind.EPISODE, "ep-1", "s-1", FROM, null, "unl-1", "evt-1");

        EventEnvelope event = EntitlementEvents.granted("/entitlement-service", e, "evt-1", Instant.parse("2026-01-01T00:00:00Z"));

        assertEquals(EventTypes.ENTITLEMENT_GRANTED, event.type());
        assertEquals("u1", event.subject());
        EntitlementChanged data = event.dataAs(EntitlementChanged.class);
        assertEquals(e.id.toString(), data.entitlementId());
        assertEquals("episode", data.kind());
        assertEquals("ep-1", data.episodeId());
        assertEquals("unl-1", data.source());
        assertEquals("evt-1", data.causeEventId());
        assertNull(data.validUntil());
    }

    @Test
    void aRefundEndsAccessWhenItWasRevoked() {
        Entitlement e = Entitlement.create("u1", GrantKind.VIP, null, null, FROM, UNTIL, "sub-1", "evt-1");
        e.revokedAt = Instant.parse("2026-11-03T00:00:00Z");

        EntitlementChanged data = EntitlementEvents.revoked("/entitlement-service", e, "refund-1", Instant.parse("2026-01-01T00:00:00Z"))
                .dataAs(EntitlementChanged.class);

        assertEquals(e.revokedAt, data.validUntil());
        assertEquals("refund-1", data.causeEventId());
    }

    @Test
    void aShortenedVipWindowEndsAtItsNewEnd() {
        Entitlement e = Entitlement.create("u1", GrantKind.VIP, null, null, FROM, UNTIL, "sub-1", "evt-1");

        EventEnvelope event = EntitlementEvents.revoked("/entitlement-service", e, "expired-1", Instant.parse("2026-01-01T00:00:00Z"));

        assertEquals(EventTypes.ENTITLEMENT_REVOKED, event.type());
        assertEquals(UNTIL, event.dataAs(EntitlementChanged.class).validUntil());
    }
}
