package com.microdrama.entitlement.promo;

import com.microdrama.events.EventEnvelope;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * What a region promo looks like on entitlement-events. Defined here rather than in event-contracts while no other
 * module reads them; they move there (unchanged) with their first consumer.
 */
public final class PromoEvents {

    public static final String PROMO_STARTED = "com.microdrama.entitlement.promo-started.v1";
    public static final String PROMO_ENDED = "com.microdrama.entitlement.promo-ended.v1";
    static final String SOURCE = "/entitlement-service";

    /** Payload of both types; {@code endedAt}, {@code endedBy} and {@code endReason} only on promo-ended. */
    public record PromoChanged(String promoId, String seriesId, List<String> regions, Instant validFrom,
                               Instant validUntil, String reason, String createdBy, Instant endedAt, String endedBy,
                               String endReason) {
    }

    private PromoEvents() {
    }

    /** Subject = record key = the series id (docs/events.md says why). */
    public static EventEnvelope started(RegionPromo p, Instant time) {
        return EventEnvelope.of(SOURCE, PROMO_STARTED, p.seriesId, time, payload(p));
    }

    public static EventEnvelope ended(RegionPromo p, Instant time) {
        return EventEnvelope.of(SOURCE, PROMO_ENDED, p.seriesId, time, payload(p));
    }

    private static PromoChanged payload(RegionPromo p) {
        return new PromoChanged(p.id.toString(), p.seriesId, List.copyOf(new TreeSet<>(p.regions)), p.validFrom,
                p.validUntil, p.reason, p.createdBy, p.endedAt, p.endedBy, p.endReason);
    }
}
