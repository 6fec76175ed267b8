package com.microdrama.ops.reconcile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A private schema in the {@code _test} database, built from the owning service's own Flyway migrations, so reconcile
 * is tested on the real table definitions without racing other modules' tests that clean the public tables.
 */
final class ScratchSchemas implements AutoCloseable {
    static final String HOST = System.getenv().getOrDefault("DB_HOST", "127.0.0.1");
    final String schema = "ops_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String database;

    ScratchSchemas(String database, String service) throws Exception {
        this.database = database;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
            st.execute("set search_path to " + schema);
            Path dir = Path.of("..", service, "src", "main", "resources", "db", "migration");
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".sql"))
                        .sorted(Comparator.comparingInt(ScratchSchemas::version)).toList();
            }
            for (Path f : files) {
                st.execute(Files.readString(f));
            }
        }
    }

    private static int version(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(1, n.indexOf("__")));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":5432/" + database + "?currentSchema=" + schema;
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":5432/" + database + "?currentSchema=" + schema,
                "microdrama", "microdrama");
    }

    void exec(String sql, Object... args) throws Exception {
        try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    @Override
    public void close() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
