package com.microdrama.entitlement.admin;

import com.microdrama.entitlement.access.GrantKind;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.ledger.EntitlementChanges;
import com.microdrama.entitlement.ledger.LedgerRules.Announcement;
import com.microdrama.entitlement.ledger.LedgerRules.Change;
import com.microdrama.entitlement.ledger.SourceState;
import com.microdrama.entitlement.ledger.SourceStates;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Applies one journalled admin action to the entitlement table: used by the admin API right after journalling; the
 * rebuild replays the journal onto rebuilt tables with the same {@link #apply(SourceState, AdminAction)}.
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
        return SourceStates.load(action.entitlementSource).chain(state -> {
            List<Announcement> announcements = apply(state, action);
            return SourceStates.store(state).chain(() -> changes.announce(announcements));
        });
    }

    /** After the caller's transaction committed. */
    public void committed() {
        changes.committed();
    }

    /** The rules, on the state of the action's entitlement source; pure, so the rebuild applies them in memory. */
    public static List<Announcement> apply(SourceState state, AdminAction action) {
        return action.isGrant() ? grant(state, action) : revoke(state, action);
    }

    private static List<Announcement> grant(SourceState state, AdminAction action) {
        if (state.entitlement() != null) {
            return List.of();
        }
        Entitlement e = Entitlement.create(action.userId, GrantKind.PROMO, action.episodeId, action.seriesId,
                action.validFrom, action.validUntil, action.entitlementSource, action.id);
        e.id = action.entitlementId;
        state.create(e);
        return List.of(new Announcement(Change.GRANTED, e, action.id));
    }

    /**
     * The earliest revocation wins. Live, an admin revocation always comes after any earlier one (and is then a
     * no-op); in a replay the journal is applied after the log, so a refund that came later than the admin may have
     * been applied first, and the admin's earlier revocation must take its place.
     */
    private static List<Announcement> revoke(SourceState state, AdminAction action) {
        Entitlement e = state.entitlement();
        if (e == null || !RevocationOrder.replaces(e.revokedAt, action.createdAt)) {
            return List.of();
        }
        e.revokedAt = action.createdAt;
        e.revokeEventId = action.id;
        state.changed();
        return List.of(new Announcement(Change.ENDED, e, action.id));
    }
}
