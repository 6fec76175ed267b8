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

    /** How much COPY text is formatted before it is sent: PostgreSQL parses one chunk while the next is formatted. */
    static final int CHUNK_CHARS = 64 * 1024;

    /**
     * Rows into {@code table (columns)} with one COPY (text format): the cheapest way to insert thousands of rows.
     * Values are already text; null is NULL. Sent in chunks as they are formatted, not as one text at the end.
     */
    static void copy(Connection c, String tableAndColumns, List<String[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + tableAndColumns + " from stdin");
        try {
            StringBuilder text = new StringBuilder(CHUNK_CHARS + 1024);
            for (String[] row : rows) {
                appendRow(text, row);
                if (text.length() >= CHUNK_CHARS) {
                    send(copy, text);
                }
            }
            send(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(CopyIn copy, StringBuilder text) throws SQLException {
        if (!text.isEmpty()) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }
    }

    /** One line of COPY text: the values tab-separated, escaped, {@code \N} for null. */
    static void appendRow(StringBuilder text, String[] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            appendCopyValue(text, row[i]);
        }
        text.append('\n');
    }

    private static void appendCopyValue(StringBuilder text, String value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        int plain = 0;
        while (plain < value.length() && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        // ids, names and timestamps never need escaping: appended whole, not character by character
        if (plain == value.length()) {
            text.append(value);
            return;
        }
        text.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
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

    private static boolean needsEscape(char ch) {
        return ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t';
    }
}
