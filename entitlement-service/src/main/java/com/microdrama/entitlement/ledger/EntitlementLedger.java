package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.inbox.ProcessedEvents;
import com.microdrama.entitlement.ledger.LedgerRules.Announcement;
import com.microdrama.entitlement.ledger.PaymentCommand.Ignore;
import com.microdrama.events.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Applies payment events to the entitlement table, one event per transaction, by {@link LedgerRules}. Each event's
 * effect and its inbox row commit in one transaction, so a crash between them cannot lose or double-apply an event.
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
        return SourceStates.load(LedgerRules.sourceOf(command)).chain(state -> {
            List<Announcement> announcements = LedgerRules.apply(state, command, event.id(), now);
            if (state.entitlementCreated() && state.entitlement().revokedAt != null && state.tombstone() != null
                    && !state.tombstoneCreated()) {
                Log.infof("grant for %s arrived after its refund %s: stored revoked", state.source(),
                        state.tombstone().revokeEventId);
            }
            return SourceStates.store(state).chain(() -> changes.announce(announcements));
        });
    }
}
