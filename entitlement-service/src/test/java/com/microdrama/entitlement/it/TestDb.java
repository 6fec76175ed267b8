package com.microdrama.entitlement.it;

import com.microdrama.testsupport.TestDatabase;

import java.util.List;

/** Direct JDBC access to the entitlements_test database, to see what the consumers stored. */
final class TestDb {
    private static final TestDatabase DB = new TestDatabase(
            "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":" + env("DB_PORT", "5432") + "/"
                    + env("DB_TEST_NAME", "entitlements_test"),
            env("DB_USER", "microdrama"), env("DB_PASSWORD", "microdrama"));

    private TestDb() {
    }

    static long count(String sql, Object... params) {
        return DB.count(sql, params);
    }

    /** Each row as its columns joined by '|', in the query's order. */
    static List<String> rows(String sql, Object... params) {
        return DB.rows(sql, params);
    }

    static void execute(String sql, Object... params) {
        DB.execute(sql, params);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
