package com.microdrama.entitlement.admin;

import com.microdrama.entitlement.access.GrantKind;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.ledger.EntitlementChanges;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies one journalled admin action to the entitlement table of the current search path: used by the admin API
 * right after journalling, and by the rebuild job when it replays the journal onto rebuilt tables.
 *
 * <p>Everything here depends only on the action itself (its ids and {@code createdAt}), never on when it is applied,
 * so a replay lands on the same rows.
 */
@ApplicationScoped
public class AdminLedger {

    private final EntitlementChanges changes;

    public AdminLedger(EntitlementChanges changes) {
        this.changes = changes;
    }

    /** Inside the caller's transaction. */
    public Uni<Void> apply(AdminAction action) {
        return action.isGrant() ? grant(action) : revoke(action);
    }

    /** After the caller's transaction committed. */
    public void committed() {
        changes.committed();
    }

    private Uni<Void> grant(AdminAction action) {
        return Entitlement.<Entitlement>find("source", action.entitlementSource).firstResult().chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Entitlement e = Entitlement.create(action.userId, GrantKind.PROMO, action.episodeId, action.seriesId,
                    action.validFrom, action.validUntil, action.entitlementSource, action.id);
            e.id = action.entitlementId;
            return e.<Entitlement>persist().chain(() -> changes.granted(e, action.id));
        });
    }

    /**
     * The earliest revocation wins. Live, an admin revocation always comes after any earlier one (and is then a
     * no-op); in a replay the journal is applied after the log, so a refund that came later than the admin may have
     * been applied first, and the admin's earlier revocation must take its place.
     */
    private Uni<Void> revoke(AdminAction action) {
        return Entitlement.<Entitlement>find("source", action.entitlementSource).firstResult().chain(e -> {
            if (e == null || !RevocationOrder.replaces(e.revokedAt, action.createdAt)) {
                return Uni.createFrom().voidItem();
            }
            e.revokedAt = action.createdAt;
            e.revokeEventId = action.id;
            return changes.ended(e, action.id);
        });
    }
}
