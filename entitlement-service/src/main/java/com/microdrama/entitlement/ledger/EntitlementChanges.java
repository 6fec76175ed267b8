package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.ledger.LedgerRules.Announcement;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;

/**
 * Told about every grant and every end of access inside the ledger transaction that caused it, so an outbox
 * writer can later publish entitlement granted/revoked events atomically with the change.
 */
public interface EntitlementChanges {

    Uni<Void> granted(Entitlement entitlement, String causeEventId);

    Uni<Void> ended(Entitlement entitlement, String causeEventId);

    /** What the rules reported, in order. */
    default Uni<Void> announce(List<Announcement> announcements) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Announcement a : announcements) {
            done = done.chain(() -> a.change() == LedgerRules.Change.GRANTED
                    ? granted(a.entitlement(), a.causeEventId())
                    : ended(a.entitlement(), a.causeEventId()));
        }
        return done;
    }

    /**
     * The same, inside a plain SQL transaction on {@code connection} (the live payment-events path). The returned
     * action sends the announcements at once: run it after that transaction committed, and never if it did not.
     */
    Uni<Runnable> announce(SqlConnection connection, List<Announcement> announcements);

    /**
     * Called after a transaction that may have reported changes through {@link #granted} or {@link #ended}
     * committed, so their events can go out at once rather than at the writer's next poll. Never part of the
     * transaction; may be called when nothing changed.
     */
    default void committed() {
    }
}
