package com.microdrama.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One small PostgreSQL transaction, timed: a row into a WAL-logged scratch table of the platform's server, committed
 * with {@code synchronous_commit} on (the services' setting), so each sample includes the commit's WAL flush. Next to
 * a raw Kafka round trip it is the floor of an unlock becoming visible: entitlement-service commits the grant before
 * a check can see it. The table lives in the {@code postgres} database for the run and is dropped at the end.
 */
final class CommitProbe implements AutoCloseable {

    private final Connection connection;
    private final String table;
    private final PreparedStatement insert;
    private final String value = "x".repeat(400);
    private long sent;

    CommitProbe(String runId) throws SQLException {
        this.table = "bench_commit_" + runId.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        this.connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        try (Statement s = connection.createStatement()) {
            s.execute("set synchronous_commit = on");
            s.execute("create table " + table + " (id bigint primary key, value text not null,"
                    + " at timestamptz not null default now())");
        }
        this.insert = connection.prepareStatement("insert into " + table + " (id, value) values (?, ?)");
        for (int i = 0; i < 50; i++) { // the first ones prepare the statement on the server
            once();
        }
    }

    /** Nanoseconds of one insert and its commit. */
    long once() {
        try {
            long t0 = System.nanoTime();
            insert.setLong(1, sent++);
            insert.setString(2, value);
            insert.executeUpdate(); // autocommit: the insert is its own transaction
            return System.nanoTime() - t0;
        } catch (SQLException e) {
            throw new IllegalStateException("commit probe failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection; insert; Statement s = connection.createStatement()) {
            s.execute("drop table if exists " + table);
        }
    }
}
