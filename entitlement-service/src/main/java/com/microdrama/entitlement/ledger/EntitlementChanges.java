package com.microdrama.entitlement.ledger;

import io.smallrye.mutiny.Uni;

/**
 * Told about every grant and every end of access inside the ledger transaction that caused it, so an outbox
 * writer can later publish entitlement granted/revoked events atomically with the change.
 */
public interface EntitlementChanges {

    Uni<Void> granted(Entitlement entitlement, String causeEventId);

    Uni<Void> ended(Entitlement entitlement, String causeEventId);

    /**
     * Called after a transaction that may have reported changes committed, so their events can go out at once
     * rather than at the writer's next poll. Never part of the transaction; may be called when nothing changed.
     */
    default void committed() {
    }
}
