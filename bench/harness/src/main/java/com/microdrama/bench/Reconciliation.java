package com.microdrama.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ledger == entitlements for a set of users: every ACTIVE unlock in payments has exactly one active entitlement,
 * no refunded or unknown unlock has an active one, and every payment-event in the outbox for those users was
 * processed exactly once by entitlement-service (its inbox, processed_event, is keyed by the CloudEvents id).
 */
final class Reconciler {

    record Report(int activeUnlocks, int refundedUnlocks, int activeEntitlements, int outboxEvents, int unpublished,
                  int processedEvents, int missingEntitlements, int extraEntitlements, int duplicateEntitlements,
                  int unprocessedEvents) {
        int mismatches() {
            return missingEntitlements + extraEntitlements + duplicateEntitlements + unprocessedEvents;
        }
    }

    private static final String DB_HOST = System.getenv().getOrDefault("DB_HOST", "127.0.0.1");

    static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + DB_HOST + ":5432/" + db, "microdrama", "microdrama");
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
        Map<String, String> unlocks = new HashMap<>();
        List<String> outbox = new ArrayList<>();
        int unpublished = 0;
        try (Connection c = connect("payments")) {
            Array ids = c.createArrayOf("text", users.toArray());
            try (PreparedStatement s = c.prepareStatement("select id::text, status from content_unlock where user_id = any(?)")) {
                s.setArray(1, ids);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        unlocks.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
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
        Map<String, Integer> activeBySource = new HashMap<>();
        int rows = 0;
        Set<String> sources = new HashSet<>();
        int processed;
        try (Connection c = connect("entitlements")) {
            try (PreparedStatement s = c.prepareStatement("""
                    select source, revoked_at is null and (valid_until is null or valid_until > now())
                    from entitlement where user_id = any(?) and kind in ('episode', 'series')""")) {
                s.setArray(1, c.createArrayOf("text", users.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        sources.add(rs.getString(1));
                        if (rs.getBoolean(2)) {
                            activeBySource.merge(rs.getString(1), 1, Integer::sum);
                        }
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select count(*) from processed_event where event_id = any(?)")) {
                s.setArray(1, c.createArrayOf("text", outbox.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    processed = rs.getInt(1);
                }
            }
        }
        int active = 0, refunded = 0, missing = 0, extra = 0;
        for (Map.Entry<String, String> u : unlocks.entrySet()) {
            if ("ACTIVE".equals(u.getValue())) {
                active++;
                if (!activeBySource.containsKey(u.getKey())) {
                    missing++;
                }
            } else {
                refunded++;
            }
        }
        for (String source : activeBySource.keySet()) {
            if (!"ACTIVE".equals(unlocks.get(source))) {
                extra++;
            }
        }
        int duplicates = rows - sources.size();
        for (int n : activeBySource.values()) {
            duplicates += n - 1;
        }
        return new Report(active, refunded, activeBySource.size(), outbox.size(), unpublished, processed, missing, extra,
                duplicates, outbox.size() - processed);
    }

    private Reconciler() {
    }
}
