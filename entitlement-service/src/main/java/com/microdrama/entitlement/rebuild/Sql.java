package com.microdrama.entitlement.rebuild;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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

    /**
     * Rows into {@code table (columns)} with one COPY (text format): the cheapest way to insert thousands of rows.
     * Values are already text; null is NULL.
     */
    static void copy(Connection c, String tableAndColumns, List<String[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(rows.size() * 200);
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                appendCopyValue(text, row[i]);
            }
            text.append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + tableAndColumns + " from stdin");
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void appendCopyValue(StringBuilder text, String value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(ch);
            }
        }
    }
}
