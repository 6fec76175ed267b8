package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.ledger.LedgerRules;
import com.microdrama.entitlement.ledger.PaymentCommand;
import com.microdrama.entitlement.ledger.Revocation;
import com.microdrama.entitlement.ledger.SourceState;
import com.microdrama.entitlement.rebuild.ShadowBatch.PaymentRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replay's payment events while the entitlement, tombstone and inbox tables have no keys or indexes yet
 * (docs/decisions/0033-rebuild-without-keys-while-loading.md): their rows are appended with COPY, nothing is looked
 * up in them by key, and their keys are built once at the end, as PostgreSQL's own floor does. What makes that exact:
 * <ul>
 *   <li>A purchase's source (grants of an episode or series, refunds of a purchase) ends in the same state whatever the
 *       order of its events: its first grant, revoked by its first refund, which is also its tombstone
 *       ({@link LedgerRules}; LedgerRulesTest checks every order). So a grant is written when it is the source's first,
 *       a refund when it is the source's first, and {@link #finish} revokes every entitlement that has a tombstone in
 *       one statement.</li>
 *   <li>Subscription events depend on their order: a subscription's source lives in small keyed side tables
 *       ({@code entitlement_keyed}, {@code revocation_keyed}) and is folded there by the live rules, loaded and stored
 *       per poll as after the load. Whatever else names that source from then on goes there too; rows it had before
 *       (purchase events with the same id) are its starting state. {@link #finish} moves the side tables' rows in.</li>
 *   <li>"Was this key written before?" (an event id again, a second grant or refund of a source) is answered by
 *       {@link KeyFilter}s sized for the replay, so that a false "maybe" is rare; a "maybe" is settled by one query per
 *       table per poll (a scan: there is no key yet). Duplicates of an at-least-once relay sit close behind their first
 *       copy: the latest event ids are known exactly and need no query.</li>
 * </ul>
 * Everything a batch writes is in the caller's transaction; what this object remembers across batches is either a
 * filter (a rolled-back key only costs a query) or, for the exact event ids, added only once the caller reports
 * {@link #committed}.
 */
final class BulkLoad {

    /** Event ids known exactly, oldest out first: about 1.5 MB of strings the parser made anyway. */
    static final int RECENT_EVENT_IDS = 10_000;

    private final ShadowRows rows;
    private final ShadowRows keyed;
    private final KeyFilter entitlementSources;
    private final KeyFilter tombstoneSources;
    private final KeyFilter eventIds;
    /** Sources with rows in the keyed side tables. */
    private final KeyFilter keyedSources;
    private final Map<String, Boolean> recentEventIds = new LinkedHashMap<>(RECENT_EVENT_IDS * 4 / 3 + 1) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_EVENT_IDS;
        }
    };
    private final List<String> uncommittedEventIds = new ArrayList<>();
    private long settlingQueries;

    BulkLoad(ShadowRows rows, ShadowRows keyed, KeyFilter entitlementSources, KeyFilter tombstoneSources,
             KeyFilter eventIds, long expectedRecords) {
        this.rows = rows;
        this.keyed = keyed;
        this.entitlementSources = entitlementSources;
        this.tombstoneSources = tombstoneSources;
        this.eventIds = eventIds;
        // few subscriptions among the records, and a false "maybe" here costs a lookup by key in the side tables only
        this.keyedSources = new KeyFilter(expectedRecords / 8);
    }

    /** The keys of one poll that the filters could not rule out, settled against the tables. */
    private record Settled(Set<String> processed, Map<String, Entitlement> entitlements,
                           Map<String, Revocation> tombstones, Map<String, SourceState> keyed) {
    }

    /** One poll's payment events, in log order. */
    void write(Connection c, List<PaymentRecord> payments, Instant now) throws SQLException {
        uncommittedEventIds.clear();
        if (payments.isEmpty()) {
            return;
        }
        Settled known = settle(c, payments);
        Set<String> seen = new HashSet<>();
        String at = Sql.timestamp(now);
        List<String[]> inbox = new ArrayList<>(payments.size());
        Map<String, Entitlement> grants = new LinkedHashMap<>();
        Map<String, Revocation> tombstones = new LinkedHashMap<>();
        Map<String, SourceState> keyedStates = known.keyed();
        for (PaymentRecord p : payments) {
            String id = p.eventId();
            if (recentEventIds.containsKey(id) || known.processed().contains(id) || !seen.add(id)) {
                continue; // a duplicate changes nothing, as live
            }
            inbox.add(new String[] {id, p.type(), at});
            uncommittedEventIds.add(id);
            PaymentCommand command = p.command();
            String source = LedgerRules.sourceOf(command);
            SourceState state = keyedStates.get(source);
            if (state == null && command instanceof PaymentCommand.ChangeSubscription) {
                state = startKeyed(source, known, grants.remove(source), tombstones.remove(source));
                keyedStates.put(source, state);
            }
            if (state != null) {
                LedgerRules.apply(state, command, id, now);
            } else if (command instanceof PaymentCommand.RevokePurchase) {
                if (!tombstones.containsKey(source) && !known.tombstones().containsKey(source)) {
                    tombstones.put(source, first(source, command, id, now).tombstone());
                }
            } else if (!grants.containsKey(source) && !known.entitlements().containsKey(source)) {
                grants.put(source, first(source, command, id, now).entitlement());
            }
        }
        rows.copyInbox(c, inbox);
        rows.copyEntitlements(c, grants.values());
        rows.copyTombstones(c, tombstones.values());
        keyed.store(c, keyedStates.values());
        uncommittedEventIds.forEach(eventIds::add);
        grants.keySet().forEach(entitlementSources::add);
        tombstones.keySet().forEach(tombstoneSources::add);
        keyedStates.keySet().forEach(keyedSources::add);
    }

    /** The last {@link #write}'s transaction committed: its event ids are known exactly from now on. */
    void committed() {
        uncommittedEventIds.forEach(id -> recentEventIds.put(id, Boolean.TRUE));
        uncommittedEventIds.clear();
    }

    /**
     * In the caller's transaction, before the keys are built: the keyed side tables' rows replace whatever rows their
     * sources had in the projection's tables (their starting state, folded in), and every entitlement whose source has
     * a tombstone is revoked by it, as a later refund would have revoked it or as it would have landed revoked after an
     * earlier one. Returns the entitlements so revoked.
     */
    long finish(Connection c) throws SQLException {
        String keyedSourceList = "select source from " + keyed.table("entitlement") + " union select source from "
                + keyed.table("revocation");
        Sql.execute(c, "delete from " + rows.table("entitlement") + " where source in (" + keyedSourceList + ")");
        Sql.execute(c, "delete from " + rows.table("revocation") + " where source in (" + keyedSourceList + ")");
        Sql.execute(c, "insert into " + rows.table("entitlement") + " select * from " + keyed.table("entitlement"));
        Sql.execute(c, "insert into " + rows.table("revocation") + " select * from " + keyed.table("revocation"));
        // the filters describe the projection's tables for the batches after the load
        addSources(c, keyed.table("entitlement"), entitlementSources);
        addSources(c, keyed.table("revocation"), tombstoneSources);
        Sql.execute(c, "drop table " + keyed.table("entitlement") + ", " + keyed.table("revocation"));
        recentEventIds.clear();
        try (PreparedStatement s = c.prepareStatement("update " + rows.table("entitlement") + " e"
                + " set revoked_at = r.revoked_at, revoke_event_id = r.revoke_event_id from " + rows.table("revocation")
                + " r where r.source = e.source and e.revoked_at is null")) {
            return s.executeUpdate();
        }
    }

    /** Queries that settled a filter's "maybe" so far (each a scan of one table). */
    long settlingQueries() {
        return settlingQueries;
    }

    /**
     * The poll's event ids, grant sources and refund sources the filters cannot rule out, the rows of subscription
     * sources that may have some already, and the states of sources in the keyed side tables (found by key there):
     * at most one query per table.
     */
    private Settled settle(Connection c, List<PaymentRecord> payments) throws SQLException {
        Set<String> maybeIds = new HashSet<>();
        Set<String> maybeKeyed = new HashSet<>();
        Set<String> maybeEntitlements = new HashSet<>();
        Set<String> maybeTombstones = new HashSet<>();
        for (PaymentRecord p : payments) {
            if (!recentEventIds.containsKey(p.eventId()) && eventIds.mayContain(p.eventId())) {
                maybeIds.add(p.eventId());
            }
            String source = LedgerRules.sourceOf(p.command());
            if (keyedSources.mayContain(source)) {
                maybeKeyed.add(source);
            }
            boolean subscription = p.command() instanceof PaymentCommand.ChangeSubscription;
            boolean refund = p.command() instanceof PaymentCommand.RevokePurchase;
            if (!refund && entitlementSources.mayContain(source)) {
                maybeEntitlements.add(source);
            }
            if ((subscription || refund) && tombstoneSources.mayContain(source)) {
                maybeTombstones.add(source);
            }
        }
        Set<String> processed = new HashSet<>();
        if (!maybeIds.isEmpty()) {
            settlingQueries++;
            try (PreparedStatement s = c.prepareStatement("select event_id from " + rows.table("processed_event")
                    + " where event_id = any(?::varchar[])")) {
                s.setArray(1, c.createArrayOf("varchar", maybeIds.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        processed.add(rs.getString(1));
                    }
                }
            }
        }
        settlingQueries += (maybeEntitlements.isEmpty() ? 0 : 1) + (maybeTombstones.isEmpty() ? 0 : 1);
        Map<String, Entitlement> keyedEntitlements = keyed.entitlements(c, maybeKeyed);
        Map<String, Revocation> keyedTombstones = keyed.tombstones(c, maybeKeyed);
        Map<String, SourceState> states = new HashMap<>();
        for (String source : maybeKeyed) {
            if (keyedEntitlements.containsKey(source) || keyedTombstones.containsKey(source)) {
                states.put(source, new SourceState(source, keyedEntitlements.get(source), keyedTombstones.get(source)));
            }
        }
        return new Settled(processed, rows.entitlements(c, maybeEntitlements), rows.tombstones(c, maybeTombstones),
                states);
    }

    /**
     * A subscription event for a source not in the side tables yet: its state so far (rows written by purchase events
     * naming the same id, earlier or earlier in this poll) starts it, with the tombstone's revocation applied as
     * {@link #finish} would have; all of it is new to the side tables.
     */
    private static SourceState startKeyed(String source, Settled known, Entitlement grantedInPoll,
                                          Revocation refundedInPoll) {
        Entitlement entitlement = grantedInPoll != null ? grantedInPoll : known.entitlements().get(source);
        Revocation tombstone = refundedInPoll != null ? refundedInPoll : known.tombstones().get(source);
        SourceState state = new SourceState(source, null, null);
        if (entitlement != null) {
            if (tombstone != null && entitlement.revokedAt == null) {
                entitlement.revokedAt = tombstone.revokedAt;
                entitlement.revokeEventId = tombstone.revokeEventId;
            }
            state.create(entitlement);
        }
        if (tombstone != null) {
            state.createTombstone(tombstone);
        }
        return state;
    }

    /** What a purchase event does to a source that has nothing yet: the row it writes. */
    private static SourceState first(String source, PaymentCommand command, String eventId, Instant now) {
        SourceState state = new SourceState(source, null, null);
        LedgerRules.apply(state, command, eventId, now);
        return state;
    }

    private static void addSources(Connection c, String table, KeyFilter filter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select source from " + table);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                filter.add(rs.getString(1));
            }
        }
    }
}
