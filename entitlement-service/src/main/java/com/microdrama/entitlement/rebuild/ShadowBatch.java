package com.microdrama.entitlement.rebuild;

import com.microdrama.entitlement.admin.AdminAction;
import com.microdrama.entitlement.admin.AdminLedger;
import com.microdrama.entitlement.catalog.ExperimentJson;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of log records (or the admin journal) to the shadow tables with a handful of statements, whatever
 * the batch size. Two ways, one after the other (docs/decisions/0033-rebuild-without-keys-while-loading.md):
 * <ul>
 *   <li>the replay, while the entitlement, tombstone and inbox tables have no keys yet: {@link BulkLoad}, append-only,
 *       no lookups;</li>
 *   <li>after {@link #finishLoad} (keys built): the catch-up, the swap's records and the admin journal. The rules are the
 *       live ones ({@link LedgerRules}, {@link AdminLedger}), applied in memory in log order to the state of every
 *       source the batch touches, loaded in one query (only for the sources the shadow may already hold, see
 *       {@link KeyFilter}); then the inbox rows, the new entitlements and the tombstones are written with one COPY
 *       each, changed entitlements with one multi-row statement ({@code … from unnest(arrays)}).</li>
 * </ul>
 * Catalog rows and positions are upserted with one multi-row statement each, both ways.
 *
 * <p>One instance per rebuild job (its filters describe that job's shadow tables); runs inside the caller's JDBC
 * transaction on the rebuild thread (blocking is fine there), and is told when that transaction committed.
 */
final class ShadowBatch {

    /**
     * Records applied (including duplicates and ignored types, as live acknowledges them), invalid ones (live
     * dead-letters them at once) and ones that failed otherwise (live retries, then dead-letters them).
     */
    record Counts(long applied, long invalid, long failed) {
    }

    /** A payment event as the rules need it. */
    record PaymentRecord(String eventId, String type, PaymentCommand command) {
    }

    private record EpisodeRow(String episodeId, String seriesId, int number, boolean free, int priceCoins,
                              boolean published) {
    }

    /** {@code experiment}: the running paywall experiment as {@code ExperimentJson} writes it, null for none. */
    private record SeriesRow(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins,
                             boolean published, String experiment) {
    }

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
    private final ShadowRows rows;
    /** The replay into the unkeyed tables, until {@link #finishLoad}; then null and every batch goes by key. */
    private BulkLoad load;
    private long settled;

    ShadowBatch(String schema, String paymentTopic, String catalogTopic, long expectedRecords) {
        this.schema = schema;
        this.rows = new ShadowRows(schema);
        this.paymentTopic = paymentTopic;
        this.catalogTopic = catalogTopic;
        this.entitlementSources = new KeyFilter(expectedRecords);
        this.tombstoneSources = new KeyFilter(expectedRecords);
        this.eventIds = new KeyFilter(expectedRecords);
        this.load = new BulkLoad(rows, new ShadowRows(schema, ShadowRows.KEYED), entitlementSources, tombstoneSources,
                eventIds, expectedRecords);
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
        if (load != null) {
            load.write(c, parsed.payments, now);
        } else {
            applyPayments(c, parsed.payments, now);
        }
        parsed.catalog.write(c, now);
        advance(c, parsed.next, now);
        return new Counts(parsed.records.size() - parsed.invalid - parsed.failed, parsed.invalid, parsed.failed);
    }

    /** The transaction of the last {@link #write} committed (see {@link BulkLoad#committed}). */
    void committed() {
        if (load != null) {
            load.committed();
        }
    }

    /**
     * Ends the replay into the unkeyed tables ({@link BulkLoad#finish}), before their keys are built; from then on
     * batches (catch-up, swap, admin journal) find rows by key. Returns the entitlements revoked by a tombstone.
     */
    long finishLoad(Connection c) throws SQLException {
        long revoked = load.finish(c);
        settled = load.settlingQueries();
        load = null;
        return revoked;
    }

    /** Queries the replay needed to settle a filter's "maybe" while the tables had no keys. */
    long settlingQueries() {
        return load == null ? settled : load.settlingQueries();
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
        rows.copyInbox(c, fresh.stream().map(p -> new String[] {p.eventId(), p.type(), at}).toList());
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
        List<String> keys = wanted.stream().filter(entitlementSources::mayContain).toList();
        List<String> tombstoneKeys = wanted.stream().filter(tombstoneSources::mayContain).toList();
        Map<String, Entitlement> entitlements = rows.entitlements(c, keys);
        Map<String, Revocation> tombstones = rows.tombstones(c, tombstoneKeys);
        Map<String, SourceState> states = new HashMap<>();
        for (String source : wanted) {
            states.put(source, new SourceState(source, entitlements.get(source), tombstones.get(source)));
        }
        return states;
    }

    /** New rows with one COPY per table, changed ones in one update: whatever happened to a source within the batch. */
    private void store(Connection c, Collection<SourceState> states) throws SQLException {
        rows.store(c, states);
        for (SourceState state : states) {
            if (state.entitlementCreated()) {
                entitlementSources.add(state.source());
            }
            if (state.tombstoneCreated()) {
                tombstoneSources.add(state.source());
            }
        }
    }

    private String table(String name) {
        return schema + "." + name;
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
                        u.bundlePriceCoins(), u.published(), ExperimentJson.write(u.experiment())));
                unpublishSeries.remove(u.seriesId());
            } else if (record instanceof CatalogRecord.Delete d) {
                remove(d.key());
            } else if (record instanceof CatalogRecord.DeadLetter dead) {
                throw dead.failure();
            }
        }

        /** Like live, a tombstone hides the key in both tables, and ends a series' paywall experiment (decision 0036). */
        void remove(String key) {
            EpisodeRow e = episodes.get(key);
            if (e != null) {
                episodes.put(key, new EpisodeRow(e.episodeId(), e.seriesId(), e.number(), e.free(), e.priceCoins(), false));
            } else {
                unpublishEpisodes.add(key);
            }
            SeriesRow s = series.get(key);
            if (s != null) {
                series.put(key, new SeriesRow(s.seriesId(), s.episodeCount(), s.freeEpisodes(), s.bundlePriceCoins(),
                        false, null));
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
                        + " (series_id, episode_count, free_episodes, bundle_price_coins, published, experiment,"
                        + " updated_at)"
                        + " select s, n, f, b, pub, x::jsonb, ?::timestamptz from unnest(?::varchar[], ?::int[], ?::int[],"
                        + " ?::int[], ?::bool[], ?::text[]) as u(s, n, f, b, pub, x)"
                        + " on conflict (series_id) do update set episode_count = excluded.episode_count,"
                        + " free_episodes = excluded.free_episodes, bundle_price_coins = excluded.bundle_price_coins,"
                        + " published = excluded.published, experiment = excluded.experiment,"
                        + " updated_at = excluded.updated_at")) {
                    s.setString(1, at);
                    s.setArray(2, c.createArrayOf("varchar", rows.stream().map(SeriesRow::seriesId).toArray()));
                    s.setArray(3, c.createArrayOf("int4", rows.stream().map(SeriesRow::episodeCount).toArray()));
                    s.setArray(4, c.createArrayOf("int4", rows.stream().map(SeriesRow::freeEpisodes).toArray()));
                    s.setArray(5, c.createArrayOf("int4", rows.stream().map(SeriesRow::bundlePriceCoins).toArray()));
                    s.setArray(6, c.createArrayOf("bool", rows.stream().map(SeriesRow::published).toArray()));
                    s.setArray(7, c.createArrayOf("text", rows.stream().map(SeriesRow::experiment).toArray()));
                    s.executeUpdate();
                }
            }
            unpublish(c, "catalog_episode", "episode_id", "", unpublishEpisodes, at);
            unpublish(c, "catalog_series", "series_id", " experiment = null,", unpublishSeries, at);
        }

        private void unpublish(Connection c, String name, String key, String alsoSet, Set<String> keys, String at)
                throws SQLException {
            if (keys.isEmpty()) {
                return;
            }
            try (PreparedStatement s = c.prepareStatement("update " + table(name) + " set published = false,"
                    + alsoSet + " updated_at = ?::timestamptz where " + key + " = any(?::varchar[])")) {
                s.setString(1, at);
                s.setArray(2, c.createArrayOf("varchar", keys.toArray()));
                s.executeUpdate();
            }
        }
    }
}
