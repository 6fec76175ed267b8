package com.microdrama.entitlement.events;

import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EntitlementChanged;

import java.time.Instant;

/** What an entitlement change looks like on entitlement-events. */
public final class EntitlementEvents {

    private EntitlementEvents() {
    }

    public static EventEnvelope granted(String source, Entitlement e, String causeEventId, Instant time) {
        return EventEnvelope.of(source, EventTypes.ENTITLEMENT_GRANTED, e.userId, time,
                payload(e, e.validUntil, causeEventId));
    }

    /**
     * A revoked event carries when access actually ended: the revocation time when that is earlier than the window's
     * end (refund, admin revoke), else the window's end (a VIP period shortened or ended).
     */
    public static EventEnvelope revoked(String source, Entitlement e, String causeEventId, Instant time) {
        return EventEnvelope.of(source, EventTypes.ENTITLEMENT_REVOKED, e.userId, time,
                payload(e, accessEnd(e.validUntil, e.revokedAt), causeEventId));
    }

    static Instant accessEnd(Instant validUntil, Instant revokedAt) {
        if (revokedAt == null) {
            return validUntil;
        }
        return validUntil == null || revokedAt.isBefore(validUntil) ? revokedAt : validUntil;
    }

    private static EntitlementChanged payload(Entitlement e, Instant validUntil, String causeEventId) {
        return new EntitlementChanged(e.id.toString(), e.userId, e.kind, e.episodeId, e.seriesId, e.validFrom,
                validUntil, e.source, causeEventId);
    }
}
