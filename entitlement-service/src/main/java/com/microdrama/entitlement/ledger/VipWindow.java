package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.ledger.PaymentCommand.ChangeSubscription;

import java.time.Instant;

/**
 * The VIP access period of one subscription and how each subscription event moves it.
 *
 * <ul>
 *   <li>activated / renewed: the period grows to cover the event's validFrom..validUntil; a renewal that arrives
 *       late never shortens it.</li>
 *   <li>cancelled: cancellation is at period end, so access stays until validUntil (same rule as renewal).</li>
 *   <li>expired: access ends at the event's validUntil.</li>
 *   <li>refunded: access ends now and the subscription is revoked; a later or replayed activation cannot reopen it.</li>
 * </ul>
 * A revoked window never changes again.
 */
public record VipWindow(Instant validFrom, Instant validUntil, Instant revokedAt) {

    public static VipWindow first(ChangeSubscription event, Instant now) {
        Instant from = event.validFrom() != null ? event.validFrom() : earliest(event.occurredAt(), now);
        return new VipWindow(null, null, null).apply(event, now, from);
    }

    public VipWindow apply(ChangeSubscription event, Instant now) {
        return apply(event, now, validFrom);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    private VipWindow apply(ChangeSubscription event, Instant now, Instant currentFrom) {
        if (revoked()) {
            return this;
        }
        Instant from = earliest(currentFrom, event.validFrom());
        return switch (event.change()) {
            case ACTIVATED, RENEWED, CANCELLED -> new VipWindow(from, latest(validUntil, event.validUntil()), null);
            case EXPIRED -> new VipWindow(from, event.validUntil(), null);
            case REFUNDED -> {
                Instant end = validUntil != null && validUntil.isBefore(now) ? validUntil : now;
                yield new VipWindow(earliest(from, end), end, now);
            }
        };
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
