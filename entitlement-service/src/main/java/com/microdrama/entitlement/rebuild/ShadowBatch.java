package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.admin.AdminAction;
import com.microdrama.entitlement.admin.AdminLedger;
import com.microdrama.entitlement.catalog.CatalogChange;
import com.microdrama.entitlement.catalog.CatalogEventReader;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.ledger.LedgerRules;
import com.microdrama.entitlement.ledger.PaymentCommand;
import com.microdrama.entitlement.ledger.PaymentEventReader;
import com.microdrama.entitlement.ledger.Revocation;
import com.microdrama.entitlement.ledger.SourceState;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a batch of log records (or the admin journal) to the shadow tables with a handful of statements, whatever
 * the batch size: the rebuild's fast path. The rules are the live ones ({@link LedgerRules}, {@link AdminLedger}),
 * applied in memory in log order to the state of every source the batch touches, loaded in one query; then the inbox
 * rows, the new and changed entitlements, the tombstones, the catalog rows and the positions are written with one
 * multi-row statement each ({@code insert … select from unnest(arrays)}).
 *
 * <p>Runs inside the caller's JDBC transaction on the rebuild thread (blocking is fine there).
 */
final class ShadowBatch {

    /** Records applied (including duplicates and ignored types, as live acknowledges them) and unusable ones. */
    record Counts(long applied, long invalid) {
    }

    private record PaymentRecord(String eventId, String type, PaymentCommand command) {
    }

    private record EpisodeRow(String episodeId, String seriesId, int number, boolean free, int priceCoins,
                              boolean published) {
    }

    private record SeriesRow(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins,
                             boolean published) {
    }

    private static final String ENTITLEMENT_COLUMNS = "id, user_id, kind, episode_id, series_id, valid_from, "
            + "valid_until, source, cause_event_id, revoked_at, revoke_event_id";

    private final String schema;
    private final String paymentTopic;
    private final String catalogTopic;

    ShadowBatch(String schema, String paymentTopic, String catalogTopic) {
        this.schema = schema;
        this.paymentTopic = paymentTopic;
        this.catalogTopic = catalogTopic;
    }

    /** Records of one poll, in the consumer's order (each partition in offset order). */
    Counts apply(Connection c, List<ConsumerRecord<String, String>> records, Instant now) throws SQLException {
        List<PaymentRecord> payments = new ArrayList<>();
        CatalogFold catalog = new CatalogFold();
        Map<TopicPartition, Long> next = new HashMap<>();
        long invalid = 0;
        for (ConsumerRecord<String, String> record : records) {
            next.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
            try {
                if (paymentTopic.equals(record.topic())) {
                    EventEnvelope event = EventEnvelope.parse(record.value());
                    PaymentCommand command = PaymentEventReader.read(event);
                    // live claims no inbox row for an ignored type either
                    if (!(command instanceof PaymentCommand.Ignore)) {
                        payments.add(new PaymentRecord(event.id(), event.type(), command));
                    }
                } else if (catalogTopic.equals(record.topic())) {
                    if (record.value() == null && record.key() != null) {
                        catalog.remove(record.key());
                    } else {
                        catalog.apply(CatalogEventReader.read(EventEnvelope.parse(record.value())));
                    }
                } else {
                    throw new InvalidEventException("no projection reads topic '" + record.topic() + "'");
                }
            } catch (InvalidEventException e) {
                // dead-lettered live: no effect, but read past
                invalid++;
            }
        }
        applyPayments(c, payments, now);
        catalog.write(c, now);
        advance(c, next, now);
        return new Counts(records.size() - invalid, invalid);
    }

    /** The admin journal, in {@code seq} order, on top of what the log gave. */
    void applyJournal(Connection c, List<AdminAction> journal) throws SQLException {
        Map<String, SourceState> states = load(c, journal.stream().map(a -> a.entitlementSource).toList());
        for (AdminAction action : journal) {
            AdminLedger.apply(states.get(action.entitlementSource), action);
        }
        store(c, states.values());
    }

    /** Positions only move forward, as live's {@code ConsumerPositions.advance}. */
    void advance(Connection c, Map<TopicPartition, Long> next, Instant now) throws SQLException {
        if (next.isEmpty()) {
            return;
        }
        List<String> topics = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        next.forEach((tp, offset) -> {
            topics.add(tp.topic());
            partitions.add(tp.partition());
            offsets.add(offset);
        });
        try (PreparedStatement s = c.prepareStatement("insert into " + table("consumer_position")
                + " (topic, partition, next_offset, updated_at)"
                + " select t, p, o, ?::timestamptz from unnest(?::varchar[], ?::int[], ?::bigint[]) as u(t, p, o)"
                + " on conflict (topic, partition) do update"
                + " set next_offset = greatest(consumer_position.next_offset, excluded.next_offset),"
                + " updated_at = excluded.updated_at")) {
            s.setString(1, Sql.timestamp(now));
            s.setArray(2, c.createArrayOf("varchar", topics.toArray()));
            s.setArray(3, c.createArrayOf("int4", partitions.toArray()));
            s.setArray(4, c.createArrayOf("int8", offsets.toArray()));
            s.executeUpdate();
        }
    }

    /**
     * The inbox first, as live: an id seen before (in an earlier batch, or earlier in this one) is a duplicate and
     * changes nothing; the others are applied in log order and claimed together.
     */
    private void applyPayments(Connection c, List<PaymentRecord> payments, Instant now) throws SQLException {
        if (payments.isEmpty()) {
            return;
        }
        Set<String> claimed = new HashSet<>(alreadyProcessed(c, payments.stream().map(PaymentRecord::eventId).toList()));
        List<PaymentRecord> fresh = new ArrayList<>(payments.size());
        for (PaymentRecord p : payments) {
            if (claimed.add(p.eventId())) {
                fresh.add(p);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Map<String, SourceState> states = load(c, fresh.stream().map(p -> LedgerRules.sourceOf(p.command())).toList());
        for (PaymentRecord p : fresh) {
            LedgerRules.apply(states.get(LedgerRules.sourceOf(p.command())), p.command(), p.eventId(), now);
        }
        try (PreparedStatement s = c.prepareStatement("insert into " + table("processed_event")
                + " (event_id, type, processed_at) select e, t, ?::timestamptz"
                + " from unnest(?::varchar[], ?::varchar[]) as u(e, t)")) {
            s.setString(1, Sql.timestamp(now));
            s.setArray(2, c.createArrayOf("varchar", fresh.stream().map(PaymentRecord::eventId).toArray()));
            s.setArray(3, c.createArrayOf("varchar", fresh.stream().map(PaymentRecord::type).toArray()));
            s.executeUpdate();
        }
        store(c, states.values());
    }

    private Set<String> alreadyProcessed(Connection c, List<String> eventIds) throws SQLException {
        Set<String> done = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("select event_id from " + table("processed_event")
                + " where event_id = any(?::varchar[])")) {
            s.setArray(1, c.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getString(1));
                }
            }
        }
        return done;
    }

    /** Every source's entitlement and tombstone as the shadow has them now: two queries for the whole batch. */
    private Map<String, SourceState> load(Connection c, List<String> sourceList) throws SQLException {
        Set<String> sources = new LinkedHashSet<>(sourceList);
        Object[] keys = sources.toArray();
        Map<String, Entitlement> entitlements = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select " + ENTITLEMENT_COLUMNS + " from " + table("entitlement")
                + " where source = any(?::varchar[])")) {
            s.setArray(1, c.createArrayOf("varchar", keys));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
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
                    entitlements.put(e.source, e);
                }
            }
        }
        Map<String, Revocation> tombstones = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select source, user_id, revoked_at, revoke_event_id from "
                + table("revocation") + " where source = any(?::varchar[])")) {
            s.setArray(1, c.createArrayOf("varchar", keys));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Revocation r = new Revocation();
                    r.source = rs.getString(1);
                    r.userId = rs.getString(2);
                    r.revokedAt = instant(rs, 3);
                    r.revokeEventId = rs.getString(4);
                    tombstones.put(r.source, r);
                }
            }
        }
        Map<String, SourceState> states = new HashMap<>();
        for (String source : sources) {
            states.put(source, new SourceState(source, entitlements.get(source), tombstones.get(source)));
        }
        return states;
    }

    /** New rows in one insert each, changed ones in one update: whatever happened to a source within the batch. */
    private void store(Connection c, Collection<SourceState> states) throws SQLException {
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
        if (!created.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("insert into " + table("entitlement") + " ("
                    + ENTITLEMENT_COLUMNS + ") select * from unnest(?::uuid[], ?::varchar[], ?::varchar[],"
                    + " ?::varchar[], ?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::varchar[], ?::varchar[],"
                    + " ?::timestamptz[], ?::varchar[])")) {
                s.setArray(1, c.createArrayOf("varchar", created.stream().map(e -> e.id.toString()).toArray()));
                s.setArray(2, c.createArrayOf("varchar", created.stream().map(e -> e.userId).toArray()));
                s.setArray(3, c.createArrayOf("varchar", created.stream().map(e -> e.kind).toArray()));
                s.setArray(4, c.createArrayOf("varchar", created.stream().map(e -> e.episodeId).toArray()));
                s.setArray(5, c.createArrayOf("varchar", created.stream().map(e -> e.seriesId).toArray()));
                s.setArray(6, c.createArrayOf("varchar", created.stream().map(e -> Sql.timestamp(e.validFrom)).toArray()));
                s.setArray(7, c.createArrayOf("varchar", created.stream().map(e -> Sql.timestamp(e.validUntil)).toArray()));
                s.setArray(8, c.createArrayOf("varchar", created.stream().map(e -> e.source).toArray()));
                s.setArray(9, c.createArrayOf("varchar", created.stream().map(e -> e.causeEventId).toArray()));
                s.setArray(10, c.createArrayOf("varchar", created.stream().map(e -> Sql.timestamp(e.revokedAt)).toArray()));
                s.setArray(11, c.createArrayOf("varchar", created.stream().map(e -> e.revokeEventId).toArray()));
                s.executeUpdate();
            }
        }
        if (!changed.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("update " + table("entitlement") + " e set valid_from = u.vf,"
                    + " valid_until = u.vu, revoked_at = u.ra, revoke_event_id = u.re"
                    + " from unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::varchar[])"
                    + " as u(id, vf, vu, ra, re) where e.id = u.id")) {
                s.setArray(1, c.createArrayOf("varchar", changed.stream().map(e -> e.id.toString()).toArray()));
                s.setArray(2, c.createArrayOf("varchar", changed.stream().map(e -> Sql.timestamp(e.validFrom)).toArray()));
                s.setArray(3, c.createArrayOf("varchar", changed.stream().map(e -> Sql.timestamp(e.validUntil)).toArray()));
                s.setArray(4, c.createArrayOf("varchar", changed.stream().map(e -> Sql.timestamp(e.revokedAt)).toArray()));
                s.setArray(5, c.createArrayOf("varchar", changed.stream().map(e -> e.revokeEventId).toArray()));
                s.executeUpdate();
            }
        }
        if (!tombstones.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("insert into " + table("revocation")
                    + " (source, user_id, revoked_at, revoke_event_id)"
                    + " select * from unnest(?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[])")) {
                s.setArray(1, c.createArrayOf("varchar", tombstones.stream().map(r -> r.source).toArray()));
                s.setArray(2, c.createArrayOf("varchar", tombstones.stream().map(r -> r.userId).toArray()));
                s.setArray(3, c.createArrayOf("varchar", tombstones.stream().map(r -> Sql.timestamp(r.revokedAt)).toArray()));
                s.setArray(4, c.createArrayOf("varchar", tombstones.stream().map(r -> r.revokeEventId).toArray()));
                s.executeUpdate();
            }
        }
    }

    private String table(String name) {
        return schema + "." + name;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * catalog-events carry full state per key, so a batch folds to the last state per key (a tombstone after it turns
     * it unpublished, as live's {@code CatalogProjection.remove} would), written with one upsert per table.
     */
    private final class CatalogFold {
        private final Map<String, EpisodeRow> episodes = new LinkedHashMap<>();
        private final Map<String, SeriesRow> series = new LinkedHashMap<>();
        /** Tombstoned keys without a newer state in this batch: they unpublish whatever row the table has. */
        private final Set<String> unpublishEpisodes = new LinkedHashSet<>();
        private final Set<String> unpublishSeries = new LinkedHashSet<>();

        void apply(CatalogChange change) {
            if (change instanceof CatalogChange.Episode e) {
                EpisodeUpdated u = e.state();
                episodes.put(u.episodeId(), new EpisodeRow(u.episodeId(), u.seriesId(), u.number(), u.free(),
                        u.priceCoins(), u.published()));
                unpublishEpisodes.remove(u.episodeId());
            } else {
                SeriesUpdated u = ((CatalogChange.Series) change).state();
                series.put(u.seriesId(), new SeriesRow(u.seriesId(), u.episodeCount(), u.freeEpisodes(),
                        u.bundlePriceCoins(), u.published()));
                unpublishSeries.remove(u.seriesId());
            }
        }

        /** Like live, a tombstone hides the key in both tables. */
        void remove(String key) {
            EpisodeRow e = episodes.get(key);
            if (e != null) {
                episodes.put(key, new EpisodeRow(e.episodeId(), e.seriesId(), e.number(), e.free(), e.priceCoins(), false));
            } else {
                unpublishEpisodes.add(key);
            }
            SeriesRow s = series.get(key);
            if (s != null) {
                series.put(key, new SeriesRow(s.seriesId(), s.episodeCount(), s.freeEpisodes(), s.bundlePriceCoins(), false));
            } else {
                unpublishSeries.add(key);
            }
        }

        void write(Connection c, Instant now) throws SQLException {
            String at = Sql.timestamp(now);
            if (!episodes.isEmpty()) {
                Collection<EpisodeRow> rows = episodes.values();
                try (PreparedStatement s = c.prepareStatement("insert into " + table("catalog_episode")
                        + " (episode_id, series_id, number, free, price_coins, published, updated_at)"
                        + " select e, s, n, f, p, pub, ?::timestamptz from unnest(?::varchar[], ?::varchar[], ?::int[],"
                        + " ?::bool[], ?::int[], ?::bool[]) as u(e, s, n, f, p, pub)"
                        + " on conflict (episode_id) do update set series_id = excluded.series_id,"
                        + " number = excluded.number, free = excluded.free, price_coins = excluded.price_coins,"
                        + " published = excluded.published, updated_at = excluded.updated_at")) {
                    s.setString(1, at);
                    s.setArray(2, c.createArrayOf("varchar", rows.stream().map(EpisodeRow::episodeId).toArray()));
                    s.setArray(3, c.createArrayOf("varchar", rows.stream().map(EpisodeRow::seriesId).toArray()));
                    s.setArray(4, c.createArrayOf("int4", rows.stream().map(EpisodeRow::number).toArray()));
                    s.setArray(5, c.createArrayOf("bool", rows.stream().map(EpisodeRow::free).toArray()));
                    s.setArray(6, c.createArrayOf("int4", rows.stream().map(EpisodeRow::priceCoins).toArray()));
                    s.setArray(7, c.createArrayOf("bool", rows.stream().map(EpisodeRow::published).toArray()));
                    s.executeUpdate();
                }
            }
            if (!series.isEmpty()) {
                Collection<SeriesRow> rows = series.values();
                try (PreparedStatement s = c.prepareStatement("insert into " + table("catalog_series")
                        + " (series_id, episode_count, free_episodes, bundle_price_coins, published, updated_at)"
                        + " select s, n, f, b, pub, ?::timestamptz from unnest(?::varchar[], ?::int[], ?::int[],"
                        + " ?::int[], ?::bool[]) as u(s, n, f, b, pub)"
                        + " on conflict (series_id) do update set episode_count = excluded.episode_count,"
                        + " free_episodes = excluded.free_episodes, bundle_price_coins = excluded.bundle_price_coins,"
                        + " published = excluded.published, updated_at = excluded.updated_at")) {
                    s.setString(1, at);
                    s.setArray(2, c.createArrayOf("varchar", rows.stream().map(SeriesRow::seriesId).toArray()));
                    s.setArray(3, c.createArrayOf("int4", rows.stream().map(SeriesRow::episodeCount).toArray()));
                    s.setArray(4, c.createArrayOf("int4", rows.stream().map(SeriesRow::freeEpisodes).toArray()));
                    s.setArray(5, c.createArrayOf("int4", rows.stream().map(SeriesRow::bundlePriceCoins).toArray()));
                    s.setArray(6, c.createArrayOf("bool", rows.stream().map(SeriesRow::published).toArray()));
                    s.executeUpdate();
                }
            }
            unpublish(c, "catalog_episode", "episode_id", unpublishEpisodes, at);
            unpublish(c, "catalog_series", "series_id", unpublishSeries, at);
        }

        private void unpublish(Connection c, String name, String key, Set<String> keys, String at) throws SQLException {
            if (keys.isEmpty()) {
                return;
            }
            try (PreparedStatement s = c.prepareStatement("update " + table(name) + " set published = false,"
                    + " updated_at = ?::timestamptz where " + key + " = any(?::varchar[])")) {
                s.setString(1, at);
                s.setArray(2, c.createArrayOf("varchar", keys.toArray()));
                s.executeUpdate();
            }
        }
    }
}
