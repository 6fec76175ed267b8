package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.access.GrantKind;
import com.microdrama.entitlement.ledger.PaymentCommand.ChangeSubscription;
import com.microdrama.entitlement.ledger.PaymentCommand.GrantEpisode;
import com.microdrama.entitlement.ledger.PaymentCommand.GrantSeries;
import com.microdrama.entitlement.ledger.PaymentCommand.Ignore;
import com.microdrama.entitlement.ledger.PaymentCommand.RevokePurchase;

import java.time.Instant;
import java.util.List;

/**
 * What a payment event does to its source's entitlement and tombstone: the one copy of these rules, used by the live
 * ledger (one event per transaction) and by the rebuild (a batch of events folded in memory). Pure: no database, no
 * clock; every change is made on the {@link SourceState} and reported as an {@link Announcement}.
 */
public final class LedgerRules {

    public enum Change { GRANTED, ENDED }

    /** A grant or an end of access to announce on entitlement-events (live only; a replay announces nothing). */
    public record Announcement(Change change, Entitlement entitlement, String causeEventId) {
    }

    private LedgerRules() {
    }

    /** The source a command is about; null for a command that touches none. */
    public static String sourceOf(PaymentCommand command) {
        if (command instanceof GrantEpisode g) {
            return g.unlockId();
        }
        if (command instanceof GrantSeries g) {
            return g.unlockId();
        }
        if (command instanceof RevokePurchase r) {
            return r.purchaseId();
        }
        if (command instanceof ChangeSubscription s) {
            return s.subscriptionId();
        }
        return null;
    }

    /** Applies one (not yet applied) event to its source's state; {@code now} is when it is applied. */
    public static List<Announcement> apply(SourceState state, PaymentCommand command, String eventId, Instant now) {
        if (command instanceof GrantEpisode g) {
            return grantPurchase(state, Entitlement.create(g.userId(), GrantKind.EPISODE, g.episodeId(), g.seriesId(),
                    earliest(g.purchasedAt(), now), null, g.unlockId(), eventId));
        }
        if (command instanceof GrantSeries g) {
            return grantPurchase(state, Entitlement.create(g.userId(), GrantKind.SERIES, null, g.seriesId(),
                    earliest(g.purchasedAt(), now), null, g.unlockId(), eventId));
        }
        // Revocations and VIP changes take effect when they happened, not when this consumer got to them, so that a
        // rebuild from the log (which runs later) lands on the same rows; a clock ahead of ours is capped at now.
        if (command instanceof RevokePurchase r) {
            return revoke(state, r.userId(), eventId, earliest(r.refundedAt(), now));
        }
        if (command instanceof ChangeSubscription s) {
            return changeSubscription(state, s, eventId, earliest(s.occurredAt(), now));
        }
        if (command instanceof Ignore) {
            return List.of();
        }
        throw new IllegalArgumentException("no rule for " + command);
    }

    /**
     * A purchase grants access from the moment it was paid; a purchase stamped slightly ahead of this clock (skew
     * between services) must not be refused right after the user paid, hence the earlier of the two.
     */
    private static Instant earliest(Instant a, Instant b) {
        return a != null && a.isBefore(b) ? a : b;
    }

    /** One row per unlock id, however often its event arrives; a grant that comes after its refund lands revoked. */
    private static List<Announcement> grantPurchase(SourceState state, Entitlement candidate) {
        if (state.entitlement() != null) {
            return List.of();
        }
        landRevokedIfRefunded(state, candidate);
        state.create(candidate);
        return candidate.revokedAt == null
                ? List.of(new Announcement(Change.GRANTED, candidate, candidate.causeEventId)) : List.of();
    }

    private static void landRevokedIfRefunded(SourceState state, Entitlement candidate) {
        Revocation tombstone = state.tombstone();
        if (tombstone != null) {
            candidate.revokedAt = tombstone.revokedAt;
            candidate.revokeEventId = tombstone.revokeEventId;
        }
    }

    /** The refund leaves a tombstone either way, so a grant that arrives later is stored revoked. */
    private static List<Announcement> revoke(SourceState state, String userId, String eventId, Instant at) {
        tombstone(state, userId, eventId, at);
        Entitlement e = state.entitlement();
        if (e == null || e.revokedAt != null) {
            return List.of();
        }
        e.revokedAt = at;
        e.revokeEventId = eventId;
        state.changed();
        return List.of(new Announcement(Change.ENDED, e, eventId));
    }

    private static List<Announcement> changeSubscription(SourceState state, ChangeSubscription event, String eventId,
                                                         Instant now) {
        Entitlement existing = state.entitlement();
        if (existing == null) {
            VipWindow window = VipWindow.first(event, now);
            Entitlement created = Entitlement.create(event.userId(), GrantKind.VIP, null, null,
                    window.validFrom(), window.validUntil(), event.subscriptionId(), eventId);
            if (window.revoked()) {
                created.revokedAt = window.revokedAt();
                created.revokeEventId = eventId;
            }
            landRevokedIfRefunded(state, created);
            state.create(created);
            if (window.revoked()) {
                tombstone(state, event.userId(), eventId, now);
                return List.of();
            }
            return created.revokedAt == null ? List.of(new Announcement(Change.GRANTED, created, eventId)) : List.of();
        }
        VipWindow before = new VipWindow(existing.validFrom, existing.validUntil, existing.revokedAt);
        VipWindow after = before.apply(event, now);
        if (after.equals(before)) {
            return List.of();
        }
        existing.validFrom = after.validFrom();
        existing.validUntil = after.validUntil();
        state.changed();
        if (after.revoked()) {
            existing.revokedAt = after.revokedAt();
            existing.revokeEventId = eventId;
            tombstone(state, event.userId(), eventId, now);
            return List.of(new Announcement(Change.ENDED, existing, eventId));
        }
        boolean shortened = before.validUntil() != null && after.validUntil().isBefore(before.validUntil());
        return List.of(new Announcement(shortened ? Change.ENDED : Change.GRANTED, existing, eventId));
    }

    private static void tombstone(SourceState state, String userId, String eventId, Instant at) {
        if (state.tombstone() != null) {
            return;
        }
        Revocation tombstone = new Revocation();
        tombstone.source = state.source();
        tombstone.userId = userId;
        tombstone.revokedAt = at;
        tombstone.revokeEventId = eventId;
        state.createTombstone(tombstone);
    }
}
