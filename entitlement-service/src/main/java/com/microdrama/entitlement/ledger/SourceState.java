package com.microdrama.entitlement.ledger;

/**
 * Everything the ledger rules know about one source (an unlock id, a subscription id, an admin grant's source): its
 * entitlement, if granted, and its refund tombstone, if refunded. The rules change it in memory; the caller stores
 * what changed, one source per transaction (live) or a whole batch of sources at once (rebuild).
 */
public final class SourceState {

    private final String source;
    private Entitlement entitlement;
    private Revocation tombstone;
    private boolean entitlementCreated;
    private boolean entitlementChanged;
    private boolean tombstoneCreated;

    public SourceState(String source, Entitlement entitlement, Revocation tombstone) {
        this.source = source;
        this.entitlement = entitlement;
        this.tombstone = tombstone;
    }

    public String source() {
        return source;
    }

    public Entitlement entitlement() {
        return entitlement;
    }

    public Revocation tombstone() {
        return tombstone;
    }

    /** Created by the rules since this state was loaded: to be inserted (with whatever changed after). */
    public boolean entitlementCreated() {
        return entitlementCreated;
    }

    /** Loaded and then changed by the rules: to be updated. */
    public boolean entitlementChanged() {
        return entitlementChanged && !entitlementCreated;
    }

    public boolean tombstoneCreated() {
        return tombstoneCreated;
    }

    // Called by the rules only (LedgerRules, AdminLedger).

    public void create(Entitlement e) {
        entitlement = e;
        entitlementCreated = true;
    }

    public void changed() {
        entitlementChanged = true;
    }

    public void createTombstone(Revocation r) {
        tombstone = r;
        tombstoneCreated = true;
    }
}
