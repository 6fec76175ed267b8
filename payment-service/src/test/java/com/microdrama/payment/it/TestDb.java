package com.microdrama.payment.it;

import com.microdrama.testsupport.TestDatabase;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Direct JDBC access to the payments_test database, for cleaning up and for looking behind the API. */
final class TestDb {
    private TestDb() {
    }

    private static TestDatabase db() {
        var config = ConfigProvider.getConfig();
        return new TestDatabase(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** Forgets everything the given users did (alice and bob are shared by every test). */
    static void resetUsers(String... userIds) {
        try (Connection c = db().connect()) {
            // bonus_lot first: its uses go with it (on delete cascade)
            for (String table : List.of("bonus_lot", "ledger_entry", "wallet", "content_unlock", "pack_purchase", "idempotency_key",
                    "refund", "wallet_adjustment", "subscription", "provider_customer")) {
                try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where user_id = any (?)")) {
                    ps.setArray(1, c.createArrayOf("text", userIds));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(String sql, Object... params) {
        db().execute(sql, params);
    }

    /** A connection of its own, e.g. to hold a row lock while the service works. */
    static Connection connect() throws SQLException {
        return db().connect();
    }

    /** Runs a statement that must fail and answers the database's message. */
    static String failure(String sql, Object... params) {
        try {
            db().execute(sql, params);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException refused) {
                return refused.getMessage();
            }
            throw e;
        }
        throw new AssertionError("the database accepted: " + sql);
    }

    static long count(String sql, Object... params) {
        return db().count(sql, params);
    }

    static String string(String sql, Object... params) {
        return db().string(sql, params);
    }

    static List<String> rows(String sql, Object... params) {
        return db().rows(sql, params);
    }

    static List<Long> longs(String sql, Object... params) {
        return db().longs(sql, params);
    }
}
