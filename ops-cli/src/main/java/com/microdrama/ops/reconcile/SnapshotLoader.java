package com.microdrama.ops.reconcile;

import com.microdrama.ops.reconcile.Rows.Entitlement;
import com.microdrama.ops.reconcile.Rows.Refund;
import com.microdrama.ops.reconcile.Rows.Snapshot;
import com.microdrama.ops.reconcile.Rows.Subscription;
import com.microdrama.ops.reconcile.Rows.Unlock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tables reconcile needs (schemas from the services' Flyway migrations). Payments are read first: an
 * entitlement granted in between then shows up as present rather than as a false "missing" one.
 */
public final class SnapshotLoader {
    private SnapshotLoader() {
    }

    public static Snapshot load(Connection payments, Connection entitlements, List<String> users) throws SQLException {
        String userFilter = users.isEmpty() ? "" : " where user_id = any(?)";
        List<Unlock> unlocks = new ArrayList<>();
        try (PreparedStatement ps = prepare(payments, "select id::text, user_id, kind, episode_id, series_id, coins_spent, "
                + "status, created_at, refunded_at from content_unlock" + userFilter, users);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                unlocks.add(new Unlock(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), rs.getString(7), instant(rs, 8), instant(rs, 9)));
            }
        }
        List<Subscription> subs = new ArrayList<>();
        try (PreparedStatement ps = prepare(payments, "select id::text, user_id, plan_id, status, started_at, "
                + "current_period_start, current_period_end, grace_until, ended_at from subscription" + userFilter, users);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                subs.add(new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5),
                        instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9)));
            }
        }
        List<Refund> refunds = new ArrayList<>();
        try (PreparedStatement ps = prepare(payments, "select id::text, user_id, kind, target_id, reason, created_at "
                + "from refund" + userFilter, users);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                refunds.add(new Refund(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        instant(rs, 6)));
            }
        }
        payments.rollback();
        List<Entitlement> ents = new ArrayList<>();
        try (PreparedStatement ps = prepare(entitlements, "select id::text, user_id, kind, episode_id, series_id, valid_from, "
                + "valid_until, source, revoked_at from entitlement" + userFilter, users);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ents.add(new Entitlement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        instant(rs, 6), instant(rs, 7), rs.getString(8), instant(rs, 9)));
            }
        }
        entitlements.rollback();
        return new Snapshot(unlocks, subs, refunds, ents);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<String> users) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (!users.isEmpty()) {
            ps.setArray(1, c.createArrayOf("text", users.toArray()));
        }
        return ps;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
