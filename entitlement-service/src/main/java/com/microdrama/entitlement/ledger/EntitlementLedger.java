package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.inbox.ProcessedEvents;
import com.microdrama.entitlement.ledger.LedgerRules.Announcement;
import com.microdrama.entitlement.ledger.PaymentCommand.Ignore;
import com.microdrama.entitlement.projection.ConsumerPositions;
import com.microdrama.events.EventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Applies payment events to the entitlement table, one event per transaction, by {@link LedgerRules}. Each event's
 * effect, its inbox row and the consumer's new position commit in one transaction, so a crash between them cannot
 * lose or double-apply an event.
 *
 * <p>Plain SQL on the reactive pool, each half of the transaction sent at once (the client pipelines statements
 * issued together on one connection): {@code BEGIN}, the inbox claim and the source's state in one round trip, then
 * the changes, their announcements, the position and {@code COMMIT} in the next. The announcements are sent the
 * moment the transaction committed ({@code OutboxPublication}), without a relay pass selecting them again. Through
 * Hibernate the same transaction took about eight round trips, and {@code Pool.withTransaction} four (it waits for
 * its own {@code BEGIN} and {@code COMMIT}); they were the largest part of the time from a purchase to its unlock being
 * visible (bench "unlock visible" stages; docs/decisions/0005-raw-sql-on-hot-paths.md). A statement that fails aborts the transaction: PostgreSQL answers the
 * pipelined {@code COMMIT} with a rollback, and the explicit {@code ROLLBACK} after it only hands the connection back
 * to the pool clean.
 */
@ApplicationScoped
public class EntitlementLedger {

    static final String ENTITLEMENT_COLUMNS = "id, user_id, kind, episode_id, series_id, valid_from, valid_until,"
            + " source, cause_event_id, revoked_at, revoke_event_id";
    static final String LOAD_ENTITLEMENT = "select " + ENTITLEMENT_COLUMNS + " from entitlement where source = $1";
    static final String LOAD_TOMBSTONE = "select source, user_id, revoked_at, revoke_event_id from revocation"
            + " where source = $1";
    static final String INSERT_ENTITLEMENT = "insert into entitlement (" + ENTITLEMENT_COLUMNS + ")"
            + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    /** What the rules change on an existing entitlement (the rebuild's batch update sets the same columns). */
    static final String UPDATE_ENTITLEMENT = "update entitlement set valid_from = $2, valid_until = $3,"
            + " revoked_at = $4, revoke_event_id = $5 where source = $1";
    static final String INSERT_TOMBSTONE = "insert into revocation (source, user_id, revoked_at, revoke_event_id)"
            + " values ($1, $2, $3, $4)";

    private final Pool pool;
    private final ProcessedEvents processedEvents;
    private final ConsumerPositions positions;
    private final EntitlementChanges changes;
    private final Clock clock;

    public EntitlementLedger(Pool pool, ProcessedEvents processedEvents, ConsumerPositions positions,
                             EntitlementChanges changes, Clock clock) {
        this.pool = pool;
        this.processedEvents = processedEvents;
        this.positions = positions;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * Applies the event (unless an earlier delivery did) and moves the consumer's position of {@code topic} /
     * {@code partition} to {@code nextOffset}, in one transaction; completes once it committed.
     */
    public Uni<Void> apply(EventEnvelope event, PaymentCommand command, String topic, int partition, long nextOffset) {
        if (command instanceof Ignore) {
            // one statement: atomic on its own, no transaction to open and commit
            return pool.withConnection(c -> positions.advance(c, topic, partition, nextOffset));
        }
        String source = LedgerRules.sourceOf(command);
        return pool.withConnection(c -> {
            Instant now = clock.instant();
            Uni<Void> begin = c.query("BEGIN").execute().replaceWithVoid();
            Uni<Boolean> claimed = processedEvents.claim(c, event.id(), event.type(), now);
            Uni<RowSet<Row>> entitlement = c.preparedQuery(LOAD_ENTITLEMENT).execute(Tuple.of(source));
            Uni<RowSet<Row>> tombstone = c.preparedQuery(LOAD_TOMBSTONE).execute(Tuple.of(source));
            AtomicReference<Runnable> afterCommit = new AtomicReference<>(() -> { });
            return Uni.combine().all().unis(begin, claimed, entitlement, tombstone).asTuple().chain(loaded -> {
                List<Uni<Void>> writes = new ArrayList<>();
                if (loaded.getItem2()) {
                    SourceState state = new SourceState(source, entitlementOf(loaded.getItem3()), tombstoneOf(loaded.getItem4()));
                    List<Announcement> announcements = LedgerRules.apply(state, command, event.id(), now);
                    if (state.entitlementCreated() && state.entitlement().revokedAt != null && state.tombstone() != null
                            && !state.tombstoneCreated()) {
                        Log.infof("grant for %s arrived after its refund %s: stored revoked", state.source(),
                                state.tombstone().revokeEventId);
                    }
                    writes.addAll(store(c, state));
                    writes.add(changes.announce(c, announcements).invoke(afterCommit::set).replaceWithVoid());
                } else {
                    Log.debugf("event %s (%s) already applied, skipping", event.id(), event.type());
                }
                writes.add(positions.advance(c, topic, partition, nextOffset));
                writes.add(c.query("COMMIT").execute().replaceWithVoid());
                return Uni.combine().all().unis(writes).discardItems();
            }).onFailure().call(() -> c.query("ROLLBACK").execute().onFailure().recoverWithNull())
                    .invoke(() -> afterCommit.get().run());
        });
    }

    /** The statements that store what the rules changed; issued together with the announcements and the position. */
    private static List<Uni<Void>> store(SqlConnection c, SourceState state) {
        List<Uni<Void>> writes = new ArrayList<>();
        Entitlement e = state.entitlement();
        if (state.entitlementCreated()) {
            writes.add(c.preparedQuery(INSERT_ENTITLEMENT).execute(Tuple.tuple(Arrays.asList(e.id, e.userId, e.kind,
                    e.episodeId, e.seriesId, timestamp(e.validFrom), timestamp(e.validUntil), e.source, e.causeEventId,
                    timestamp(e.revokedAt), e.revokeEventId))).replaceWithVoid());
        } else if (state.entitlementChanged()) {
            writes.add(c.preparedQuery(UPDATE_ENTITLEMENT).execute(Tuple.tuple(Arrays.asList(e.source,
                    timestamp(e.validFrom), timestamp(e.validUntil), timestamp(e.revokedAt), e.revokeEventId)))
                    .replaceWithVoid());
        }
        if (state.tombstoneCreated()) {
            Revocation r = state.tombstone();
            writes.add(c.preparedQuery(INSERT_TOMBSTONE).execute(Tuple.of(r.source, r.userId, timestamp(r.revokedAt),
                    r.revokeEventId)).replaceWithVoid());
        }
        return writes;
    }

    private static Entitlement entitlementOf(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        Entitlement e = new Entitlement();
        e.id = row.getUUID("id");
        e.userId = row.getString("user_id");
        e.kind = row.getString("kind");
        e.episodeId = row.getString("episode_id");
        e.seriesId = row.getString("series_id");
        e.validFrom = instant(row, "valid_from");
        e.validUntil = instant(row, "valid_until");
        e.source = row.getString("source");
        e.causeEventId = row.getString("cause_event_id");
        e.revokedAt = instant(row, "revoked_at");
        e.revokeEventId = row.getString("revoke_event_id");
        return e;
    }

    private static Revocation tombstoneOf(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        Revocation r = new Revocation();
        r.source = row.getString("source");
        r.userId = row.getString("user_id");
        r.revokedAt = instant(row, "revoked_at");
        r.revokeEventId = row.getString("revoke_event_id");
        return r;
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant value) {
        return value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC);
    }
}
