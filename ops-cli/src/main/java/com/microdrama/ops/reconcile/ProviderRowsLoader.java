package com.microdrama.ops.reconcile;

import com.microdrama.ops.reconcile.ProviderRows.Purchase;
import com.microdrama.ops.reconcile.ProviderRows.Subscription;
import com.microdrama.ops.reconcile.StoreRows.RevokedCharge;
import com.microdrama.ops.reconcile.StoreRows.StorePack;
import com.microdrama.ops.reconcile.StoreRows.StoreSub;

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
 * (chargebacks left out: a dispute never shows as a refund at the provider); for a store, its packs with their store
 * transactions and its store subscriptions with our current row. Tables and columns are the service's Flyway
 * migrations'.
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

    /** The pack's store transaction keeps the purchase token in {@code purchase_token}, where the schema has one. */
    private static final String STORE_PACK = "select p.id::text, p.user_id, p.status, p.provider_payment_id, t.product_id, "
            + "%s, array(select r.id::text from refund r where r.kind = 'coin-pack' and r.target_id = p.id::text "
            + "order by r.created_at) from pack_purchase p left join store_transaction t on t.provider = p.provider "
            + "and t.transaction_id = p.provider_payment_id where p.provider = ?";
    /** A refund of any of our rows for the store subscription counts: a row refunded after a void may not be current. */
    private static final String STORE_SUBSCRIPTION = "select ss.store_subscription_id, ss.user_id, ss.product_id, "
            + "ss.subscription_id::text, s.status, exists(select 1 from refund r join subscription o on r.target_id = o.id::text "
            + "where r.kind = 'subscription' and o.provider = ss.provider and o.provider_subscription_id = "
            + "ss.store_subscription_id) from store_subscription ss left join subscription s on s.id = ss.subscription_id "
            + "where ss.provider = ?";
    private static final String REVOKED = "select t.transaction_id, t.user_id, t.pack_purchase_id::text, p.status, t.revoked_at, "
            + "array(select r.id::text from refund r where r.kind = 'coin-pack' and r.target_id = p.id::text "
            + "order by r.created_at) from store_transaction t join pack_purchase p on p.id = t.pack_purchase_id "
            + "where t.provider = ? and t.revoked_at is not null";

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

    /** Store packs created since {@code since} (all when null), of these users (all when empty). */
    List<StorePack> storePacks(Instant since, List<String> users) throws SQLException {
        return storePacks(storePackSql() + window("p", since, users), since, users, null);
    }

    /** Store packs by order id (provider_payment_id), whatever their age or user: the partners of voided orders. */
    List<StorePack> storePacksByOrder(Collection<String> orderIds) throws SQLException {
        return orderIds.isEmpty() ? List.of()
                : storePacks(storePackSql() + " and p.provider_payment_id = any(?)", null, List.of(), List.copyOf(orderIds));
    }

    List<StoreSub> storeSubscriptions(Instant since, List<String> users) throws SQLException {
        return storeSubscriptions(STORE_SUBSCRIPTION + window("ss", since, users), since, users, null);
    }

    /** Store subscriptions by the store's id (Play: the purchase token), whatever their age or user. */
    List<StoreSub> storeSubscriptionsByToken(Collection<String> tokens) throws SQLException {
        return tokens.isEmpty() ? List.of() : storeSubscriptions(STORE_SUBSCRIPTION + " and ss.store_subscription_id = any(?)",
                null, List.of(), List.copyOf(tokens));
    }

    /** Store transactions revoked on our record that credited a pack, revoked since {@code since}. */
    List<RevokedCharge> revokedCharges(Instant since, List<String> users) throws SQLException {
        String sql = REVOKED + (since == null ? "" : " and t.revoked_at >= ?")
                + (users.isEmpty() ? "" : " and t.user_id = any(?)");
        List<RevokedCharge> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, since, users, null); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new RevokedCharge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), strings(rs.getArray(6))));
            }
        }
        return out;
    }

    /**
     * Whether store_transaction keeps a pack's purchase token, without which Google cannot be asked about it
     * ({@code purchases.products.get} takes the token, not the order id).
     */
    boolean keepsPurchaseTokens() throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("select exists(select 1 from information_schema.columns where "
                + "table_schema = current_schema() and table_name = 'store_transaction' and column_name = 'purchase_token')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private String storePackSql() throws SQLException {
        return STORE_PACK.formatted(keepsPurchaseTokens() ? "t.purchase_token" : "null::text");
    }

    private List<StorePack> storePacks(String sql, Instant since, List<String> users, List<String> ids) throws SQLException {
        List<StorePack> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, since, users, ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StorePack(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), strings(rs.getArray(7))));
            }
        }
        return out;
    }

    private List<StoreSub> storeSubscriptions(String sql, Instant since, List<String> users, List<String> ids)
            throws SQLException {
        List<StoreSub> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, since, users, ids); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoreSub(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6)));
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
