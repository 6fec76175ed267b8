package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.config.EntitlementConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shadow copy of the projection tables a rebuild writes into, and the swap that makes it live. The shadow tables
 * have the live tables' columns, defaults, checks and constraint and index names, in their own schema; the swap moves
 * the live tables out of the way and the shadow tables into the live schema, in one transaction: no row is copied,
 * however big the tables are. Plain JDBC on the caller's connection (the rebuild thread).
 */
@ApplicationScoped
public class ShadowTables {

    /**
     * Everything derived from the Kafka log. Not admin_action (that journal is a source, not a projection), nor the
     * region promo tables, nor paywall_exposure (sources too; see {@link #markExposedSeries}). Order matters for the swap's lock: the tables each writer touches first
     * (admin_action, catalog_*, processed_event) come first, so live transactions and the swap queue up instead of
     * deadlocking.
     */
    static final List<String> PROJECTION = List.of(
            "catalog_episode", "catalog_series", "processed_event", "entitlement", "revocation", "consumer_position");

    /**
     * Loaded without any key or index, which are all built after the load, like PostgreSQL's own floor
     * (bench/pg-floor.sql): the replay appends to them and looks nothing up by key ({@link BulkLoad}). The catalog
     * tables and the positions keep their keys while loading: a few rows, upserted.
     */
    private static final Set<String> KEYS_AFTER_LOAD = Set.of("entitlement", "revocation", "processed_event");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    private final String shadow;
    private final String live;
    /** Where the replaced live tables go at the swap, until they are dropped after the commit. */
    private final String retired;

    public ShadowTables(EntitlementConfig config) {
        this.shadow = identifier(config.rebuild().schema());
        this.live = identifier(config.rebuild().liveSchema());
        this.retired = shadow + "_retired";
        if (shadow.equals(live)) {
            throw new IllegalArgumentException("the rebuild schema must differ from the live schema");
        }
    }

    String shadowSchema() {
        return shadow;
    }

    String liveSchema() {
        return live;
    }

    /**
     * Fresh, empty shadow tables: the live tables' columns, defaults and checks; the keys and indexes of the tables
     * loaded without them ({@link #KEYS_AFTER_LOAD}) come after the load ({@link #buildIndexes}), the other tables'
     * unique constraints and indexes (the replay upserts by them) now, under the live names. Building an index once is
     * cheaper than keeping it up to date through a million inserts: a unique key kept up to date took 6.7 s for a
     * million event ids, against 1.3 s to build it after their 1.2 s COPY (docs/decisions/0033-rebuild-without-keys-
     * while-loading.md). WAL-logged from the start: unlogged tables had to be switched to logged after the load,
     * which rewrites each table and rebuilds its indexes; for the rows of a million events that took 12.9 s against
     * 0.9 s more for COPY into logged tables (docs/decisions/0011-rebuild-design.md).
     */
    public void recreate(Connection c) throws SQLException {
        Sql.execute(c, "set local client_min_messages = warning");
        Sql.execute(c, "drop schema if exists " + shadow + " cascade");
        Sql.execute(c, "drop schema if exists " + retired + " cascade");
        Sql.execute(c, "create schema " + shadow);
        for (String table : PROJECTION) {
            Sql.execute(c, "create table " + shadow + "." + table + " (like " + live + "." + table
                    + " including defaults including constraints including generated including identity"
                    + " including storage including comments)");
            if (KEYS_AFTER_LOAD.contains(table)) {
                continue;
            }
            for (String[] constraint : keyConstraints(c, table)) {
                addConstraint(c, table, constraint);
            }
            for (String index : indexes(c, table, true)) {
                Sql.execute(c, index);
            }
        }
        createKeyedSideTables(c);
    }

    /**
     * The side tables the replay folds subscriptions in while the projection's tables have no keys ({@link BulkLoad}):
     * entitlements and tombstones by source, keyed by source. {@link BulkLoad#finish} moves their rows in and drops them.
     */
    private void createKeyedSideTables(Connection c) throws SQLException {
        for (String table : List.of("entitlement", "revocation")) {
            String side = shadow + "." + table + ShadowRows.KEYED;
            Sql.execute(c, "create table " + side + " (like " + live + "." + table
                    + " including defaults including constraints including generated including identity"
                    + " including storage)");
            Sql.execute(c, "create unique index on " + side + " (source)");
        }
    }

    /**
     * After the load: the keys and indexes not built yet, under the live names, and fresh statistics for the planner.
     * 128 MB per index build (bench/pg-floor.sql uses the same): a million keys sort in memory, with parallel workers.
     */
    public void buildIndexes(Connection c) throws SQLException {
        Sql.execute(c, "set local maintenance_work_mem = '128MB'");
        for (String table : PROJECTION) {
            if (KEYS_AFTER_LOAD.contains(table)) {
                for (String[] constraint : keyConstraints(c, table)) {
                    addConstraint(c, table, constraint);
                }
                for (String index : indexes(c, table, true)) {
                    Sql.execute(c, index);
                }
            }
            for (String index : indexes(c, table, false)) {
                Sql.execute(c, index);
            }
            Sql.execute(c, "analyze " + shadow + "." + table);
        }
    }

    /**
     * Keeps the ids the live table handed out: rows created before ids were derived from their source got random
     * ids, and clients and admins may hold them. Runs before the swap's lock: such rows are old (their records are
     * long in the replayed part of the log) and their ids never change, and every row created since has the id the
     * shadow derives as well, so nothing the locked part adds can need it.
     */
    public long keepLiveIds(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update " + shadow + ".entitlement s set id = l.id from " + live
                + ".entitlement l where l.source = s.source and l.id <> s.id")) {
            return s.executeUpdate();
        }
    }

    /** Blocks every live writer and reader of the projection (and admin writes) until the transaction ends. */
    public void lockLive(Connection c, long lockTimeoutMillis) throws SQLException {
        StringBuilder tables = new StringBuilder(live).append(".admin_action");
        for (String table : PROJECTION) {
            tables.append(", ").append(live).append('.').append(table);
        }
        Sql.execute(c, "set local lock_timeout = " + lockTimeoutMillis);
        Sql.execute(c, "lock table " + tables + " in access exclusive mode");
    }

    public long countLiveEntitlements(Connection c) throws SQLException {
        return Sql.count(c, "select count(*) from " + live + ".entitlement");
    }

    /**
     * Under the lock: the live tables move to the retired schema and the shadow tables, with the same table, index
     * and constraint names, take their place. Statements of live sessions resolve the names again, so they go on
     * against the rebuilt tables.
     */
    public void swapIn(Connection c) throws SQLException {
        Sql.execute(c, "create schema " + retired);
        for (String table : PROJECTION) {
            Sql.execute(c, "alter table " + live + "." + table + " set schema " + retired);
        }
        for (String table : PROJECTION) {
            Sql.execute(c, "alter table " + shadow + "." + table + " set schema " + live);
        }
    }

    /**
     * Under the lock, before the swap: {@code catalog_series.exposed} for every series with an exposure. The flag is
     * not in the log (the checks set it with each exposure; docs/decisions/0036-paywall-experiments.md), and without it
     * the checks would not look at the exposures, so a viewer would lose the episodes an experiment gave them. Every
     * exposure statement also writes the live catalog_series, so none can commit between this and the swap.
     */
    public long markExposedSeries(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("update " + shadow + ".catalog_series s set exposed = true"
                + " where exists (select 1 from " + live + ".paywall_exposure x where x.series_id = s.series_id)")) {
            return s.executeUpdate();
        }
    }

    /** The shadow schema of a failed job, or the retired tables of a swapped one. */
    public void drop(Connection c) throws SQLException {
        Sql.execute(c, "set local client_min_messages = warning");
        Sql.execute(c, "drop schema if exists " + shadow + " cascade");
        Sql.execute(c, "drop schema if exists " + retired + " cascade");
    }

    /** Primary key, unique and exclusion constraints of the live table: name, definition. */
    private List<String[]> keyConstraints(Connection c, String table) throws SQLException {
        List<String[]> constraints = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select conname, pg_get_constraintdef(oid)"
                + " from pg_constraint where conrelid = ?::regclass and contype in ('p', 'u', 'x') order by conname")) {
            s.setString(1, live + "." + table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    constraints.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return constraints;
    }

    private void addConstraint(Connection c, String table, String[] constraint) throws SQLException {
        Sql.execute(c, "alter table " + shadow + "." + table + " add constraint " + quote(constraint[0]) + " "
                + constraint[1]);
    }

    /** CREATE INDEX statements for the shadow table: the live table's unique or other indexes not behind a constraint. */
    private List<String> indexes(Connection c, String table, boolean unique) throws SQLException {
        List<String> statements = new ArrayList<>();
        String on = " ON " + live + "." + table + " USING ";
        try (PreparedStatement s = c.prepareStatement("select pg_get_indexdef(x.indexrelid) from pg_index x"
                + " where x.indrelid = ?::regclass and x.indisunique = ?"
                + " and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)"
                + " order by x.indexrelid")) {
            s.setString(1, live + "." + table);
            s.setBoolean(2, unique);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String definition = rs.getString(1);
                    if (!definition.contains(on)) {
                        throw new IllegalStateException("cannot place index on the shadow table: " + definition);
                    }
                    statements.add(definition.replace(on, " ON " + shadow + "." + table + " USING "));
                }
            }
        }
        return statements;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain schema name: " + name);
        }
        return name;
    }
}
