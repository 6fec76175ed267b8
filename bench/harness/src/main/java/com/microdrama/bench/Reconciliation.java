package com.microdrama.bench;

import com.microdrama.ops.reconcile.Mismatch;
import com.microdrama.ops.reconcile.Reconciler;
import com.microdrama.ops.reconcile.Rows.Snapshot;
import com.microdrama.ops.reconcile.SnapshotLoader;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end of every fault scenario, over the scenario's own users: ledger == entitlements by ops-cli's reconciliation
 * rule ({@link Reconciler}: active and superseded unlocks, refunds, subscriptions), and every payment-event in the
 * outbox for those users processed exactly once by entitlement-service (its inbox, processed_event, is keyed by the
 * CloudEvents id), which only the bench checks: it knows which events its scenarios produced.
 */
final class Reconciliation {

    /**
     * {@code ledgerMismatches}: count per {@link Mismatch.Kind} of ops-cli's rule (only kinds that occurred);
     * {@code firstMismatches}: the details of the first few, to read in the result file.
     */
    record Report(int activeUnlocks, int refundedUnlocks, int activeEntitlements, int outboxEvents, int unpublished,
                  int processedEvents, Map<String, Integer> ledgerMismatches, List<String> firstMismatches,
                  int unprocessedEvents) {
        int mismatches() {
            return ledgerMismatches.values().stream().mapToInt(Integer::intValue).sum() + unprocessedEvents;
        }
    }

    private static final int DETAILS_KEPT = 5;
    private static final String DB_HOST = System.getenv().getOrDefault("DB_HOST", "127.0.0.1");

    /**
     * A connection to {@code db}. The machine's PostgreSQL is shared with other people's services and tests, whose
     * pools fill its 100 slots for a while: "too many connections" (53300) is retried for up to a minute.
     */
    static Connection connect(String db) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection("jdbc:postgresql://" + DB_HOST + ":5432/" + db, "microdrama", "microdrama");
            } catch (SQLException e) {
                if (!"53300".equals(e.getSQLState()) || attempt >= 120) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException i) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Polls until consistent or the timeout passes (consumption is asynchronous); returns the last report. */
    static Report awaitConsistent(List<String> users, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Report r = check(users);
        while (r.mismatches() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            r = check(users);
        }
        return r;
    }

    static Report check(List<String> users) throws SQLException {
        if (users.isEmpty()) {
            // ops-cli's loader reads every user's rows when given none: a scenario without users has nothing to judge
            return judge(new Snapshot(List.of(), List.of(), List.of(), List.of()), Instant.now(), 0, 0, 0);
        }
        List<String> outbox = new ArrayList<>();
        int unpublished = 0;
        try (Connection c = connect("payments")) {
            Array ids = c.createArrayOf("text", users.toArray());
            try (PreparedStatement s = c.prepareStatement(
                    "select id::text, published_at is null from outbox_event where record_key = any(?) and topic = 'payment-events'"
                    // coin purchases grant nothing: entitlement-service does not keep them in its inbox
                    + " and type <> 'com.microdrama.payment.coins-purchased.v1'")) {
                s.setArray(1, ids);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        outbox.add(rs.getString(1));
                        unpublished += rs.getBoolean(2) ? 1 : 0;
                    }
                }
            }
        }
        Snapshot snapshot;
        int processed;
        try (Connection payments = readOnly(connect("payments")); Connection entitlements = readOnly(connect("entitlements"))) {
            // after the outbox: an event written in between shows up as unprocessed, never as a ledger mismatch
            snapshot = SnapshotLoader.load(payments, entitlements, users);
            try (PreparedStatement s = entitlements.prepareStatement("select count(*) from processed_event where event_id = any(?)")) {
                s.setArray(1, entitlements.createArrayOf("text", outbox.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    processed = rs.getInt(1);
                }
            }
        }
        return judge(snapshot, Instant.now(), outbox.size(), unpublished, processed);
    }

    /** The report of one snapshot: ops-cli's rule for the ledger, the outbox against the inbox for delivery. */
    static Report judge(Snapshot s, Instant now, int outboxEvents, int unpublished, int processedEvents) {
        List<Mismatch> found = Reconciler.find(s, now);
        Map<String, Integer> perKind = new TreeMap<>();
        found.forEach(m -> perKind.merge(m.kind().name(), 1, Integer::sum));
        List<String> details = found.stream().limit(DETAILS_KEPT)
                .map(m -> m.kind() + " " + m.userId() + " " + m.purchaseId() + ": " + m.detail()).toList();
        int active = (int) s.unlocks().stream().filter(u -> u.active()).count();
        int activeEntitlements = (int) s.entitlements().stream().filter(e -> e.activeAt(now)).count();
        return new Report(active, s.unlocks().size() - active, activeEntitlements, outboxEvents, unpublished,
                processedEvents, perKind, details, outboxEvents - processedEvents);
    }

    /** What ops-cli reconcile reads with: one read-only, repeatable-read transaction per database. */
    private static Connection readOnly(Connection c) throws SQLException {
        c.setReadOnly(true);
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return c;
    }

    private Reconciliation() {
    }
}
