package com.microdrama.entitlement.rebuild;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The shadow copy of the projection tables a rebuild writes into: same definitions as the live tables, in their own
 * schema. The projection code is not told about it: it writes unqualified table names, and the rebuild points the
 * transaction's search path at the shadow schema.
 */
@ApplicationScoped
public class ShadowTables {

    /**
     * Everything derived from the Kafka log. Not admin_action: that journal is a source, not a projection. Order
     * matters for the swap's lock: the tables each writer touches first (admin_action, catalog_*, processed_event)
     * come first, so live transactions and the swap queue up instead of deadlocking.
     */
    static final List<String> PROJECTION = List.of(
            "catalog_episode", "catalog_series", "processed_event", "entitlement", "revocation", "consumer_position");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String shadow;
    private final String live;

    public ShadowTables(RebuildConfig config) {
        this.shadow = identifier(config.schema());
        this.live = identifier(config.liveSchema());
        if (shadow.equals(live)) {
            throw new IllegalArgumentException("the rebuild schema must differ from the live schema");
        }
    }

    /** Fresh, empty shadow tables created from the live tables' definitions (columns, checks, keys, indexes). */
    public Uni<Void> recreate() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            Uni<Integer> chain = quiet(session)
                    .chain(() -> exec(session, "drop schema if exists " + shadow + " cascade"))
                    .chain(() -> exec(session, "create schema " + shadow));
            for (String table : PROJECTION) {
                chain = chain.chain(() -> exec(session,
                        "create table " + shadow + "." + table + " (like " + live + "." + table + " including all)"));
            }
            return chain;
        })).replaceWithVoid();
    }

    public Uni<Void> drop() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> quiet(session)
                .chain(() -> exec(session, "drop schema if exists " + shadow + " cascade")))).replaceWithVoid();
    }

    /** Until the transaction ends, unqualified table names mean the shadow tables. */
    public Uni<Void> writeToShadow(Mutiny.Session session) {
        return searchPath(session, shadow);
    }

    public Uni<Void> writeToLive(Mutiny.Session session) {
        return searchPath(session, live);
    }

    /** Blocks every live writer and reader of the projection (and admin writes) until the transaction ends. */
    public Uni<Void> lockLive(Mutiny.Session session, long lockTimeoutMillis) {
        StringBuilder tables = new StringBuilder(live).append(".admin_action");
        for (String table : PROJECTION) {
            tables.append(", ").append(live).append('.').append(table);
        }
        return exec(session, "set local lock_timeout = " + lockTimeoutMillis)
                .chain(() -> exec(session, "lock table " + tables + " in access exclusive mode"))
                .replaceWithVoid();
    }

    public Uni<Long> countLiveEntitlements(Mutiny.Session session) {
        return session.createNativeQuery("select count(*) from " + live + ".entitlement", Long.class).getSingleResult();
    }

    /**
     * Keeps the ids the live table handed out: rows created before ids were derived from their source got random
     * ids, and clients and admins may hold them.
     */
    public Uni<Void> keepLiveIds(Mutiny.Session session) {
        return exec(session, "update " + shadow + ".entitlement s set id = l.id from " + live + ".entitlement l"
                + " where l.source = s.source and l.id <> s.id").replaceWithVoid();
    }

    /** Replaces the live rows by the shadow rows; the caller holds the lock, so readers see one or the other. */
    public Uni<Void> copyIntoLive(Mutiny.Session session) {
        StringBuilder truncate = new StringBuilder("truncate ");
        for (int i = 0; i < PROJECTION.size(); i++) {
            truncate.append(i == 0 ? "" : ", ").append(live).append('.').append(PROJECTION.get(i));
        }
        Uni<Integer> chain = exec(session, truncate.toString());
        for (String table : PROJECTION) {
            chain = chain.chain(() -> exec(session,
                    "insert into " + live + "." + table + " select * from " + shadow + "." + table));
        }
        return chain.replaceWithVoid();
    }

    private static Uni<Void> searchPath(Mutiny.Session session, String schema) {
        return session.createNativeQuery("select set_config('search_path', :schema, true)", String.class)
                .setParameter("schema", schema)
                .getSingleResult()
                .replaceWithVoid();
    }

    /** "drop cascades to ..." notices would otherwise be logged as warnings by the client on every job. */
    private static Uni<Integer> quiet(Mutiny.Session session) {
        return exec(session, "set local client_min_messages = warning");
    }

    private static Uni<Integer> exec(Mutiny.Session session, String sql) {
        return session.createNativeQuery(sql).executeUpdate();
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain schema name: " + name);
        }
        return name;
    }
}
