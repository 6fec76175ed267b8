package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.access.GrantKind;
import com.microdrama.entitlement.inbox.ProcessedEvents;
import com.microdrama.entitlement.ledger.PaymentCommand.ChangeSubscription;
import com.microdrama.entitlement.ledger.PaymentCommand.GrantEpisode;
import com.microdrama.entitlement.ledger.PaymentCommand.GrantSeries;
import com.microdrama.entitlement.ledger.PaymentCommand.Ignore;
import com.microdrama.entitlement.ledger.PaymentCommand.RevokePurchase;
import com.microdrama.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * Applies payment events to the entitlement table. Each event's effect and its inbox row commit in one transaction,
 * so a crash between them cannot lose or double-apply an event.
 */
@ApplicationScoped
public class EntitlementLedger {

    private final ProcessedEvents processedEvents;
    private final EntitlementChanges changes;
    private final Clock clock;

    public EntitlementLedger(ProcessedEvents processedEvents, EntitlementChanges changes, Clock clock) {
        this.processedEvents = processedEvents;
        this.changes = changes;
        this.clock = clock;
    }

    /** Completes once the transaction has committed (or the event was found to be a duplicate). */
    public Uni<Void> apply(EventEnvelope event, PaymentCommand command) {
        if (command instanceof Ignore) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return processedEvents.claim(event.id(), event.type(), now).chain(first -> {
                if (!first) {
                    Log.debugf("event %s (%s) already applied, skipping", event.id(), event.type());
                    return Uni.createFrom().voidItem();
                }
                return effect(event, command, now);
            });
        });
    }

    private Uni<Void> effect(EventEnvelope event, PaymentCommand command, Instant now) {
        if (command instanceof GrantEpisode g) {
            return grantPurchase(Entitlement.create(g.userId(), GrantKind.EPISODE, g.episodeId(), g.seriesId(),
                    earliest(g.purchasedAt(), now), null, g.unlockId(), event.id()));
        }
        if (command instanceof GrantSeries g) {
            return grantPurchase(Entitlement.create(g.userId(), GrantKind.SERIES, null, g.seriesId(),
                    earliest(g.purchasedAt(), now), null, g.unlockId(), event.id()));
        }
        // Revocations and VIP changes take effect when they happened, not when this consumer got to them, so that a
        // rebuild from the log (which runs later) lands on the same rows; a clock ahead of ours is capped at now.
        if (command instanceof RevokePurchase r) {
            return revoke(r.userId(), r.purchaseId(), event.id(), earliest(r.refundedAt(), now));
        }
        if (command instanceof ChangeSubscription s) {
            return changeSubscription(s, event.id(), earliest(s.occurredAt(), now));
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * A purchase grants access from the moment it was paid; a purchase stamped slightly ahead of this clock (skew
     * between services) must not be refused right after the user paid, hence the earlier of the two.
     */
    private static Instant earliest(Instant a, Instant b) {
        return a != null && a.isBefore(b) ? a : b;
    }

    private Uni<Void> grantPurchase(Entitlement candidate) {
        return Entitlement.<Entitlement>find("source", candidate.source).firstResult().chain(existing -> {
            if (existing != null) {
                Log.debugf("source %s already granted as %s", candidate.source, existing.id);
                return Uni.createFrom().voidItem();
            }
            return landRevokedIfRefunded(candidate)
                    .chain(e -> e.<Entitlement>persist())
                    .chain(e -> e.revokedAt == null ? changes.granted(e, e.causeEventId) : Uni.createFrom().voidItem());
        });
    }

    private Uni<Entitlement> landRevokedIfRefunded(Entitlement candidate) {
        return Revocation.<Revocation>findById(candidate.source).map(tombstone -> {
            if (tombstone != null) {
                candidate.revokedAt = tombstone.revokedAt;
                candidate.revokeEventId = tombstone.revokeEventId;
                Log.infof("grant for %s arrived after its refund %s: stored revoked", candidate.source,
                        tombstone.revokeEventId);
            }
            return candidate;
        });
    }

    private Uni<Void> revoke(String userId, String source, String eventId, Instant now) {
        return tombstone(userId, source, eventId, now)
                .chain(() -> Entitlement.<Entitlement>find("source", source).<Entitlement>firstResult())
                .chain((Entitlement e) -> {
                    if (e == null || e.revokedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    e.revokedAt = now;
                    e.revokeEventId = eventId;
                    return changes.ended(e, eventId);
                });
    }

    private Uni<Void> changeSubscription(ChangeSubscription event, String eventId, Instant now) {
        String source = event.subscriptionId();
        return Entitlement.<Entitlement>find("source", source).firstResult().chain(existing -> {
            if (existing == null) {
                VipWindow window = VipWindow.first(event, now);
                Entitlement created = Entitlement.create(event.userId(), GrantKind.VIP, null, null,
                        window.validFrom(), window.validUntil(), source, eventId);
                if (window.revoked()) {
                    created.revokedAt = window.revokedAt();
                    created.revokeEventId = eventId;
                }
                return landRevokedIfRefunded(created)
                        .chain(e -> e.<Entitlement>persist())
                        .chain(e -> window.revoked() ? tombstone(event.userId(), source, eventId, now)
                                : e.revokedAt == null ? changes.granted(e, eventId) : Uni.createFrom().voidItem());
            }
            VipWindow before = new VipWindow(existing.validFrom, existing.validUntil, existing.revokedAt);
            VipWindow after = before.apply(event, now);
            if (after.equals(before)) {
                return Uni.createFrom().voidItem();
            }
            existing.validFrom = after.validFrom();
            existing.validUntil = after.validUntil();
            if (after.revoked()) {
                existing.revokedAt = after.revokedAt();
                existing.revokeEventId = eventId;
                return tombstone(event.userId(), source, eventId, now).chain(() -> changes.ended(existing, eventId));
            }
            boolean shortened = before.validUntil() != null && after.validUntil().isBefore(before.validUntil());
            return shortened ? changes.ended(existing, eventId) : changes.granted(existing, eventId);
        });
    }

    private Uni<Void> tombstone(String userId, String source, String eventId, Instant now) {
        return Revocation.<Revocation>findById(source).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Revocation tombstone = new Revocation();
            tombstone.source = source;
            tombstone.userId = userId;
            tombstone.revokedAt = now;
            tombstone.revokeEventId = eventId;
            return tombstone.<Revocation>persist().replaceWithVoid();
        });
    }
}
