package com.microdrama.ops.reconcile;

import com.microdrama.ops.reconcile.ProviderRows.Purchase;
import com.microdrama.ops.reconcile.ProviderRows.Subscription;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Reads payment-service's purchases and subscriptions of one provider, with the refunds recorded for them
 * (chargebacks left out: a dispute never shows as a refund at the provider). Tables and columns are the service's
 * Flyway migrations'.
 */
final class ProviderRowsLoader {
    private static final String PURCHASE = "select p.id::text, p.user_id, p.status, p.provider_payment_id, p.price_amount, "
            + "p.currency, coalesce((select sum(coalesce(r.amount, p.price_amount)) from refund r where r.kind = 'coin-pack' "
            + "and r.target_id = p.id::text and not r.chargeback), 0)::numeric(12, 2), "
            + "array(select r.id::text from refund r where r.kind = 'coin-pack' and r.target_id = p.id::text "
            + "and not r.chargeback order by r.created_at) from pack_purchase p where p.provider = ?";
    private static final String SUBSCRIPTION = "select s.id::text, s.user_id, s.status, s.provider_subscription_id, "
            + "array(select r.id::text from refund r where r.kind = 'subscription' and r.target_id = s.id::text "
            + "and not r.chargeback order by r.created_at) from subscription s where s.provider = ?";

    private final Connection db;
    private final String provider;

    ProviderRowsLoader(Connection db, String provider) {
        this.db = db;
        this.provider = provider;
    }

    /** Rows created since {@code since} (all when null), of these users (all when empty). */
    List<Purchase> purchases(Instant since, List<String> users) throws SQLException {
        return purchases(PURCHASE + window("p", since, users), since, users, null);
    }

    List<Subscription> subscriptions(Instant since, List<String> users) throws SQLException {
        return subscriptions(SUBSCRIPTION + window("s", since, users), since, users, null);
    }

    /** Rows by id, whatever their age or user: the partners of provider objects found in the window. */
    List<Purchase> purchasesById(Collection<String> ids) throws SQLException {
        List<String> valid = uuids(ids);
        return valid.isEmpty() ? List.of() : purchases(PURCHASE + " and p.id = any(?::uuid[])", null, List.of(), valid);
    }

    List<Subscription> subscriptionsById(Collection<String> ids) throws SQLException {
        List<String> valid = uuids(ids);
        return valid.isEmpty() ? List.of()
                : subscriptions(SUBSCRIPTION + " and s.id = any(?::uuid[])", null, List.of(), valid);
    }

    private List<Purchase> purchases(String sql, Instant since, List<String> users, List<String> ids) throws SQLException {
        List<Purchase> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, since, users, ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Purchase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBigDecimal(5), rs.getString(6).trim(), rs.getBigDecimal(7), strings(rs.getArray(8))));
            }
        }
        return out;
    }

    private List<Subscription> subscriptions(String sql, Instant since, List<String> users, List<String> ids) throws SQLException {
        List<Subscription> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, since, users, ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Subscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        strings(rs.getArray(5))));
            }
        }
        return out;
    }

    private static String window(String alias, Instant since, List<String> users) {
        return (since == null ? "" : " and " + alias + ".created_at >= ?")
                + (users.isEmpty() ? "" : " and " + alias + ".user_id = any(?)");
    }

    private PreparedStatement prepare(String sql, Instant since, List<String> users, List<String> ids) throws SQLException {
        PreparedStatement ps = db.prepareStatement(sql);
        int i = 1;
        ps.setString(i++, provider);
        if (since != null) {
            ps.setTimestamp(i++, Timestamp.from(since));
        }
        if (!users.isEmpty()) {
            ps.setArray(i++, db.createArrayOf("text", users.toArray()));
        }
        if (ids != null) {
            ps.setArray(i, db.createArrayOf("text", ids.toArray()));
        }
        return ps;
    }

    /** Metadata is the provider's copy of our ids; anything that is not a UUID cannot be one of our rows. */
    private static List<String> uuids(Collection<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            try {
                out.add(UUID.fromString(id).toString());
            } catch (IllegalArgumentException | NullPointerException e) {
                // not ours
            }
        }
        return out;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
