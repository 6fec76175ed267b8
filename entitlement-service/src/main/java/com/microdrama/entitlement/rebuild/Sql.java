package com.microdrama.entitlement.rebuild;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Small JDBC helpers of the rebuild path. */
final class Sql {
    private Sql() {
    }

    /**
     * A timestamp parameter as text for {@code ::timestamptz}. PostgreSQL keeps microseconds and rounds the rest,
     * while the live path (Hibernate Reactive over the Vert.x client) truncates them: truncated here too, so live and
     * rebuilt rows hold the same instant.
     */
    static String timestamp(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).toString();
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
