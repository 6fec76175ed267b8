package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.admin.AdminAction;
import com.microdrama.entitlement.admin.AdminLedger;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.ledger.LedgerRules;
import com.microdrama.entitlement.ledger.PaymentCommand;
import com.microdrama.entitlement.ledger.PaymentEventReader;
import com.microdrama.entitlement.ledger.Revocation;
import com.microdrama.entitlement.ledger.SourceState;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.catalog.CatalogEventReader;
import com.microdrama.events.catalog.CatalogRecord;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import io.quarkus.logging.Log;
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
 * applied in memory in log order to the state of every source the batch touches, loaded in one query (only for the
 * sources the shadow may already hold, see {@link KeyFilter}); then the inbox rows, the new entitlements and the
 * tombstones are written with one COPY each, changed entitlements, catalog rows and positions with one multi-row
 * statement each ({@code … from unnest(arrays)}).
 *
 * <p>One instance per rebuild job (its filters describe that job's shadow tables); runs inside the caller's JDBC
 * transaction on the rebuild thread (blocking is fine there).
 */
final class ShadowBatch {

    /**
     * Records applied (including duplicates and ignored types, as live acknowledges them), invalid ones (live
     * dead-letters them at once) and ones that failed otherwise (live retries, then dead-letters them).
     */
    record Counts(long applied, long invalid, long failed) {
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
    /**
     * Sources with an entitlement, sources with a tombstone, event ids in the inbox of the shadow (possibly: rolled
     * back too). Two filters for the sources: a refund's purchase is nearly always in the shadow already, its tombstone
     * nearly never, so the tombstone query is left out for most batches.
     */
    private final KeyFilter entitlementSources;
    private final KeyFilter tombstoneSources;
    private final KeyFilter eventIds;

    ShadowBatch(String schema, String paymentTopic, String catalogTopic, long expectedRecords) {
        this.schema = schema;
        this.paymentTopic = paymentTopic;
        this.catalogTopic = catalogTopic;
        this.entitlementSources = new KeyFilter(expectedRecords);
        this.tombstoneSources = new KeyFilter(expectedRecords);
        this.eventIds = new KeyFilter(expectedRecords);
    }

    /** A poll's records read and checked, in order: what the batch will apply. */
    final class Parsed {
        private final List<ConsumerRecord<String, String>> records;
        private final List<PaymentRecord> payments = new ArrayList<>();
        private final CatalogFold catalog = new CatalogFold();
        private final Map<TopicPartition, Long> next = new HashMap<>();
        private long invalid;
        private long failed;

        private Parsed(List<ConsumerRecord<String, String>> records) {
            this.records = records;
        }

        List<ConsumerRecord<String, String>> records() {
            return records;
        }
    }

    /** Records of one poll, in the consumer's order (each partition in offset order). */
    Counts apply(Connection c, List<ConsumerRecord<String, String>> records, Instant now) throws SQLException {
        return write(c, parse(records), now);
    }

    /**
     * The CPU half of a batch (JSON, CloudEvents and payload checks), touching neither the database nor the filters:
     * the job runs it for the next poll while the previous one is being written.
     */
    Parsed parse(List<ConsumerRecord<String, String>> records) {
        Parsed parsed = new Parsed(records);
        List<PaymentRecord> payments = parsed.payments;
        CatalogFold catalog = parsed.catalog;
        Map<TopicPartition, Long> next = parsed.next;
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
                    catalog.apply(CatalogEventReader.read(record.key(), record.value()));
                } else {
                    throw new InvalidEventException("no projection reads topic '" + record.topic() + "'");
                }
            } catch (InvalidEventException e) {
                // dead-lettered live: no effect, but read past
                invalid++;
            } catch (RuntimeException e) {
                Log.warnf("rebuild: left out %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e);
                parsed.failed++;
            }
        }
        parsed.invalid = invalid;
        return parsed;
    }

    /** The database half, in the caller's transaction. */
    Counts write(Connection c, Parsed parsed, Instant now) throws SQLException {
        applyPayments(c, parsed.payments, now);
        parsed.catalog.write(c, now);
        advance(c, parsed.next, now);
        return new Counts(parsed.records.size() - parsed.invalid - parsed.failed, parsed.invalid, parsed.failed);
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
        String at = Sql.timestamp(now);
        Sql.copy(c, table("processed_event") + " (event_id, type, processed_at)",
                fresh.stream().map(p -> new String[] {p.eventId(), p.type(), at}).toList());
        fresh.forEach(p -> eventIds.add(p.eventId()));
        store(c, states.values());
    }

    private Set<String> alreadyProcessed(Connection c, List<String> ids) throws SQLException {
        Set<String> done = new HashSet<>();
        Object[] maybe = ids.stream().filter(eventIds::mayContain).distinct().toArray();
        if (maybe.length == 0) {
            return done;
        }
        try (PreparedStatement s = c.prepareStatement("select event_id from " + table("processed_event")
                + " where event_id = any(?::varchar[])")) {
            s.setArray(1, c.createArrayOf("varchar", maybe));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getString(1));
                }
            }
        }
        return done;
    }

    /**
     * Every source's entitlement and tombstone as the shadow has them now: at most one query per table for the whole
     * batch, asking only for the sources that table may hold.
     */
    private Map<String, SourceState> load(Connection c, List<String> sourceList) throws SQLException {
        Set<String> wanted = new LinkedHashSet<>(sourceList);
        Object[] keys = wanted.stream().filter(entitlementSources::mayContain).toArray();
        Object[] tombstoneKeys = wanted.stream().filter(tombstoneSources::mayContain).toArray();
        Map<String, Entitlement> entitlements = new HashMap<>();
        Map<String, Revocation> tombstones = new HashMap<>();
        if (keys.length > 0) {
            loadEntitlements(c, keys, entitlements);
        }
        if (tombstoneKeys.length > 0) {
            loadTombstones(c, tombstoneKeys, tombstones);
        }
        Map<String, SourceState> states = new HashMap<>();
        for (String source : wanted) {
            states.put(source, new SourceState(source, entitlements.get(source), tombstones.get(source)));
        }
        return states;
    }

    private void loadEntitlements(Connection c, Object[] keys, Map<String, Entitlement> entitlements)
            throws SQLException {
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
    }

    private void loadTombstones(Connection c, Object[] keys, Map<String, Revocation> tombstones) throws SQLException {
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
    }

    /** New rows with one COPY per table, changed ones in one update: whatever happened to a source within the batch. */
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
        Sql.copy(c, table("entitlement") + " (" + ENTITLEMENT_COLUMNS + ")", created.stream()
                .map(e -> new String[] {e.id.toString(), e.userId, e.kind, e.episodeId, e.seriesId,
                        Sql.timestamp(e.validFrom), Sql.timestamp(e.validUntil), e.source, e.causeEventId,
                        Sql.timestamp(e.revokedAt), e.revokeEventId})
                .toList());
        if (!changed.isEmpty()) {
            // by source: the replay's key (the primary key on id is only built after the load)
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
        Sql.copy(c, table("revocation") + " (source, user_id, revoked_at, revoke_event_id)", tombstones.stream()
                .map(r -> new String[] {r.source, r.userId, Sql.timestamp(r.revokedAt), r.revokeEventId})
                .toList());
        created.forEach(e -> entitlementSources.add(e.source));
        tombstones.forEach(r -> tombstoneSources.add(r.source));
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

        /** What live's {@code CatalogProjection.apply} does with the same reading, folded; a dead letter throws. */
        void apply(CatalogRecord record) {
            if (record instanceof CatalogRecord.Episode e) {
                EpisodeUpdated u = e.state();
                episodes.put(u.episodeId(), new EpisodeRow(u.episodeId(), u.seriesId(), u.number(), u.free(),
                        u.priceCoins(), u.published()));
                unpublishEpisodes.remove(u.episodeId());
            } else if (record instanceof CatalogRecord.Series s) {
                SeriesUpdated u = s.state();
                series.put(u.seriesId(), new SeriesRow(u.seriesId(), u.episodeCount(), u.freeEpisodes(),
                        u.bundlePriceCoins(), u.published()));
                unpublishSeries.remove(u.seriesId());
            } else if (record instanceof CatalogRecord.Delete d) {
                remove(d.key());
            } else if (record instanceof CatalogRecord.DeadLetter dead) {
                throw dead.failure();
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
