package com.microdrama.entitlement.ledger;

import io.smallrye.mutiny.Uni;

/** Loads and stores one source's state in the caller's Hibernate Reactive session (admin actions). */
public final class SourceStates {
    private SourceStates() {
    }

    public static Uni<SourceState> load(String source) {
        return Entitlement.<Entitlement>find("source", source).firstResult()
                .chain(e -> Revocation.<Revocation>findById(source).map(r -> new SourceState(source, e, r)));
    }

    /** New rows are persisted; a loaded entitlement is managed, so its changes are flushed with the transaction. */
    public static Uni<Void> store(SourceState state) {
        Uni<Void> stored = Uni.createFrom().voidItem();
        if (state.entitlementCreated()) {
            stored = stored.chain(() -> state.entitlement().persist()).replaceWithVoid();
        }
        if (state.tombstoneCreated()) {
            stored = stored.chain(() -> state.tombstone().persist()).replaceWithVoid();
        }
        return stored;
    }
}
