package com.microdrama.entitlement.events;

import com.microdrama.entitlement.access.GrantNotices;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.ledger.EntitlementChanges;
import com.microdrama.entitlement.ledger.GrantMetrics;
import com.microdrama.entitlement.ledger.LedgerRules;
import com.microdrama.entitlement.ledger.LedgerRules.Announcement;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.Topics;
import com.microdrama.outbox.Outbox;
import com.microdrama.outbox.OutboxPublication;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces grants and ends of access on entitlement-events through the transactional outbox: the event row is
 * written in the ledger's transaction, so an event exists exactly when the change committed. Grants are also told to
 * checks waiting for them ({@link GrantNotices}), in the same transaction. The rebuild folds events
 * with {@link LedgerRules} itself and drops what they report, so rebuilt rows are never announced a second time.
 */
@ApplicationScoped
public class OutboxEntitlementChanges implements EntitlementChanges {

    static final String SOURCE = "/entitlement-service";
    private static final Runnable NOTHING_TO_SEND = () -> { };

    private final Outbox outbox;
    private final GrantNotices notices;
    private final Clock clock;
    private final GrantMetrics metrics;

    public OutboxEntitlementChanges(Outbox outbox, GrantNotices notices, Clock clock, GrantMetrics metrics) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.notices = notices;
        this.clock = clock;
    }

    @Override
    public Uni<Void> granted(Entitlement entitlement, String causeEventId) {
        metrics.changed(LedgerRules.Change.GRANTED);
        return append(EntitlementEvents.granted(SOURCE, entitlement, causeEventId, clock.instant()))
                .chain(() -> Panache.getSession())
                .chain(session -> notices.granted(session, entitlement.userId));
    }

    @Override
    public Uni<Void> ended(Entitlement entitlement, String causeEventId) {
        metrics.changed(LedgerRules.Change.ENDED);
        return append(EntitlementEvents.revoked(SOURCE, entitlement, causeEventId, clock.instant()));
    }

    @Override
    public Uni<Runnable> announce(SqlConnection connection, List<Announcement> announcements) {
        if (announcements.isEmpty()) {
            return Uni.createFrom().item(NOTHING_TO_SEND);
        }
        OutboxPublication publication = outbox.publication();
        Instant now = clock.instant();
        // issued together, so the client pipelines them with the rest of the caller's transaction, in order
        List<Uni<Void>> writes = new ArrayList<>();
        for (Announcement a : announcements) {
            boolean granted = a.change() == LedgerRules.Change.GRANTED;
            EventEnvelope event = granted
                    ? EntitlementEvents.granted(SOURCE, a.entitlement(), a.causeEventId(), now)
                    : EntitlementEvents.revoked(SOURCE, a.entitlement(), a.causeEventId(), now);
            writes.add(outbox.append(connection, Topics.ENTITLEMENT_EVENTS, event.subject(), event, publication));
            if (granted) {
                writes.add(notices.granted(connection, a.entitlement().userId));
            }
        }
        Runnable counted = metrics.committed(announcements);
        return Uni.combine().all().unis(writes).discardItems().replaceWith(() -> {
            publication.afterCommit();
            counted.run();
        });
    }

    @Override
    public void committed() {
        outbox.afterCommit();
    }

    private Uni<Void> append(EventEnvelope event) {
        // keyed by user, like every user event, so one user's grants and revocations stay in order
        return outbox.append(Topics.ENTITLEMENT_EVENTS, event.subject(), event);
    }
}
