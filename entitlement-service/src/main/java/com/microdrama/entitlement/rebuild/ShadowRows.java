package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.ledger.Revocation;
import com.microdrama.entitlement.ledger.SourceState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Entitlement and tombstone rows of one shadow schema, read by source, written with COPY and updated by source: shared
 * by the replay while the tables are unkeyed ({@link BulkLoad}) and the batches once they are keyed
 * ({@link ShadowBatch}). {@link #KEYED} names the side tables the replay keeps subscriptions in meanwhile.
 */
final class ShadowRows {

    static final String ENTITLEMENT_COLUMNS = "id, user_id, kind, episode_id, series_id, valid_from, "
            + "valid_until, source, cause_event_id, revoked_at, revoke_event_id";

    /** Suffix of the side tables ({@code entitlement_keyed}, {@code revocation_keyed}; ShadowTables creates them). */
    static final String KEYED = "_keyed";

    private final String schema;
    private final String suffix;

    /** The projection's own tables. */
    ShadowRows(String schema) {
        this(schema, "");
    }

    /** {@code entitlement} and {@code revocation} are {@code entitlement<suffix>} and {@code revocation<suffix>}. */
    ShadowRows(String schema, String suffix) {
        this.schema = schema;
        this.suffix = suffix;
    }

    String table(String name) {
        return schema + "." + name + ("entitlement".equals(name) || "revocation".equals(name) ? suffix : "");
    }

    /**
     * What the rules did to these sources: new entitlements and tombstones with one COPY each, changed entitlements
     * with one update by source.
     */
    void store(Connection c, Collection<SourceState> states) throws SQLException {
        List<Entitlement> created = new ArrayList<>();
        List<Entitlement> changed = new ArrayList<>();
        List<Revocation> tombstones = new ArrayList<>();
        for (SourceState state : states) {
            if (state.entitlementCreated()) {
                created.add(state.entitlement());
            } else if (state.entitlementChanged()) {
                changed.add(state.entitlement());
            }
            if (state.tombstoneCreated()) {
                tombstones.add(state.tombstone());
            }
        }
        copyEntitlements(c, created);
        if (!changed.isEmpty()) {
            // by source: the key the replay works by (the primary key on id is only built after the load)
            try (PreparedStatement s = c.prepareStatement("update " + table("entitlement") + " e set valid_from = u.vf,"
                    + " valid_until = u.vu, revoked_at = u.ra, revoke_event_id = u.re"
                    + " from unnest(?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::varchar[])"
                    + " as u(source, vf, vu, ra, re) where e.source = u.source")) {
                s.setArray(1, c.createArrayOf("varchar", changed.stream().map(e -> e.source).toArray()));
                s.setArray(2, c.createArrayOf("varchar", changed.stream().map(e -> Sql.timestamp(e.validFrom)).toArray()));
                s.setArray(3, c.createArrayOf("varchar", changed.stream().map(e -> Sql.timestamp(e.validUntil)).toArray()));
                s.setArray(4, c.createArrayOf("varchar", changed.stream().map(e -> Sql.timestamp(e.revokedAt)).toArray()));
                s.setArray(5, c.createArrayOf("varchar", changed.stream().map(e -> e.revokeEventId).toArray()));
                s.executeUpdate();
            }
        }
        copyTombstones(c, tombstones);
    }

    /** One row of a result as an object. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The entitlements of these sources (by source). */
    Map<String, Entitlement> entitlements(Connection c, Collection<String> sources) throws SQLException {
        return bySource(c, ENTITLEMENT_COLUMNS, "entitlement", sources, rs -> {
            Entitlement e = new Entitlement();
            e.id = rs.getObject(1, UUID.class);
            e.userId = rs.getString(2);
            e.kind = rs.getString(3);
            e.episodeId = rs.getString(4);
            e.seriesId = rs.getString(5);
            e.validFrom = instant(rs, 6);
            e.validUntil = instant(rs, 7);
            e.source = rs.getString(8);
            e.causeEventId = rs.getString(9);
            e.revokedAt = instant(rs, 10);
            e.revokeEventId = rs.getString(11);
            return e;
        }, e -> e.source);
    }

    /** The tombstones of these sources (by source). */
    Map<String, Revocation> tombstones(Connection c, Collection<String> sources) throws SQLException {
        return bySource(c, "source, user_id, revoked_at, revoke_event_id", "revocation", sources, rs -> {
            Revocation r = new Revocation();
            r.source = rs.getString(1);
            r.userId = rs.getString(2);
            r.revokedAt = instant(rs, 3);
            r.revokeEventId = rs.getString(4);
            return r;
        }, r -> r.source);
    }

    private <T> Map<String, T> bySource(Connection c, String columns, String table, Collection<String> sources,
                                        RowReader<T> reader, Function<T, String> sourceOf) throws SQLException {
        Map<String, T> found = new HashMap<>();
        if (sources.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement("select " + columns + " from " + table(table)
                + " where source = any(?::varchar[])")) {
            s.setArray(1, c.createArrayOf("varchar", sources.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    T row = reader.read(rs);
                    found.put(sourceOf.apply(row), row);
                }
            }
        }
        return found;
    }

    void copyEntitlements(Connection c, Collection<Entitlement> rows) throws SQLException {
        Sql.copy(c, table("entitlement") + " (" + ENTITLEMENT_COLUMNS + ")", rows.stream()
                .map(e -> new String[] {e.id.toString(), e.userId, e.kind, e.episodeId, e.seriesId,
                        Sql.timestamp(e.validFrom), Sql.timestamp(e.validUntil), e.source, e.causeEventId,
                        Sql.timestamp(e.revokedAt), e.revokeEventId})
                .toList());
    }

    void copyTombstones(Connection c, Collection<Revocation> rows) throws SQLException {
        Sql.copy(c, table("revocation") + " (source, user_id, revoked_at, revoke_event_id)", rows.stream()
                .map(r -> new String[] {r.source, r.userId, Sql.timestamp(r.revokedAt), r.revokeEventId})
                .toList());
    }

    void copyInbox(Connection c, Collection<String[]> rows) throws SQLException {
        Sql.copy(c, table("processed_event") + " (event_id, type, processed_at)", rows.stream().toList());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
