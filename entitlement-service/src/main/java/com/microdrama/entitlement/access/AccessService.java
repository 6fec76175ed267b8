package com.microdrama.entitlement.access;

import com.microdrama.entitlement.config.EntitlementConfig;
import com.microdrama.entitlement.access.AccessViews.EntitlementItem;
import com.microdrama.entitlement.access.AccessViews.EntitlementPage;
import com.microdrama.entitlement.access.AccessViews.EpisodeCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesEpisode;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.problem.EntitlementProblems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads what {@link AccessPolicy} needs and decides in memory. The checks are plain SQL on the reactive pool, the
 * hottest reads of the service (every playback and series page catalog cannot answer from its cache, and the poll
 * after a purchase): a single-episode check is one statement (the episode, the user's entitlements that may cover it
 * and the series' region promos); a series check of any length three statements run in parallel (series, its
 * published episodes, the grants). Through Hibernate the single check served 1,043 req/s in the bench where validating
 * the token alone allows 5,312 (as one statement: 1,413–1,791); and the series check's first call in a fresh JVM
 * (query translation, interpreted code) outlasted catalog's 800 ms timeout, so the first series page after a start
 * showed every paid episode locked.
 *
 * <p>{@code region} is the viewer's region as the caller established it (token claim, or catalog-service's
 * parameter); null means unknown, and then no region promo applies.
 */
@ApplicationScoped
public class AccessService {

    private static final AccessPolicy POLICY = new AccessPolicy();

    /**
     * The region promos of series %s for viewers in region $3 ($4: now), as grant rows: one rule for both checks.
     */
    private static final String REGION_PROMO_GRANTS = """
            select 'promo', null, p.series_id, p.valid_from, p.valid_until
              from region_promo_region r join region_promo p on p.id = r.promo_id
             where r.region = $3 and p.series_id = %s and p.ended_at is null and p.valid_until > $4""";

    /**
     * The episode (no row: unknown) with one row per grant that may cover it: the user's unrevoked entitlements of the
     * episode, its series, VIP and promos, and the series' region promos for the viewer's region ($3, may be null).
     */
    static final String EPISODE_CHECK = """
            select ep.series_id, ep.number, ep.free, ep.published,
                   g.kind, g.episode_id, g.series_id as grant_series_id, g.valid_from, g.valid_until
              from catalog_episode ep
              left join lateral (
                    select en.kind, en.episode_id, en.series_id, en.valid_from, en.valid_until
                      from entitlement en
                     where en.user_id = $1 and en.revoked_at is null
                       and (en.episode_id = ep.episode_id or en.series_id = ep.series_id or en.kind in ('vip', 'promo'))
                    union all
                    %s
                 ) g on true
             where ep.episode_id = $2""".formatted(REGION_PROMO_GRANTS.formatted("ep.series_id"));

    static final String SERIES_PUBLISHED = "select published from catalog_series where series_id = $1";
    static final String SERIES_EPISODES = "select episode_id, number, free from catalog_episode"
            + " where series_id = $1 and published order by number";
    /** The user's unrevoked entitlements that may cover an episode of series $2, and its region promos for $3. */
    static final String SERIES_GRANTS = """
            select en.kind, en.episode_id, en.series_id as grant_series_id, en.valid_from, en.valid_until
              from entitlement en
             where en.user_id = $1 and en.revoked_at is null
               and (en.series_id = $2 or en.kind in ('vip', 'promo')
                    or en.episode_id in (select e.episode_id from catalog_episode e where e.series_id = $2))
            union all
            %s""".formatted(REGION_PROMO_GRANTS.formatted("$2"));

    private final Clock clock;
    private final Pool pool;
    private final GrantWaiters waiters;
    private final Duration recheckInterval;
    private final WaitSlots slots;
    private final EntitlementConfig.Waits waitCaps;

    public AccessService(Clock clock, Pool pool, GrantNotices notices, EntitlementConfig config) {
        this.clock = clock;
        this.pool = pool;
        this.waiters = notices.waiters();
        this.recheckInterval = config.check().recheckInterval();
        this.waitCaps = config.check().waits();
        this.slots = new WaitSlots(waitCaps.perUser(), waitCaps.perInstance());
    }

    /**
     * The check, but while the answer is "not allowed" it waits up to {@code wait} for a grant to this user and reads
     * again: the app that just paid (or watched a rewarded ad) learns the moment the unlock is visible, with one
     * request instead of a poll loop. Answers "not allowed" when the wait ends without one.
     *
     * <p>Only so many checks may wait at once ({@link WaitSlots}): beyond the caps the check is refused with 429
     * {@code too-many-waits} before anything is read. The slot is released however the wait ends: answered, failed,
     * or cancelled because the client went away.
     */
    public Uni<EpisodeCheck> checkEpisode(String userId, String episodeId, String region, Duration wait) {
        if (wait.isZero()) {
            return checkEpisode(userId, episodeId, region);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        return Uni.createFrom().deferred(() -> {
            WaitSlots.Taken taken = slots.take(userId);
            if (taken.slot().isEmpty()) {
                return Uni.createFrom().failure(tooManyWaits(taken.refusedBy()));
            }
            WaitSlots.Slot slot = taken.slot().get();
            return checkUntilAllowed(userId, episodeId, region, deadline).onTermination().invoke(slot::release);
        });
    }

    private RuntimeException tooManyWaits(WaitSlots.Cap cap) {
        long retryAfterSeconds = Math.max(1, (waitCaps.retryAfter().toMillis() + 999) / 1000);
        int max = cap == WaitSlots.Cap.USER ? waitCaps.perUser() : waitCaps.perInstance();
        return EntitlementProblems.tooManyWaits(cap.name().toLowerCase(Locale.ROOT), max, retryAfterSeconds);
    }

    private Uni<EpisodeCheck> checkUntilAllowed(String userId, String episodeId, String region, long deadline) {
        // watching before reading: a grant that commits after the read but before the wait still wakes this check
        GrantWaiters.Waiter waiter = waiters.watch(userId);
        return checkEpisode(userId, episodeId, region)
                .onFailure().invoke(waiter::cancel)
                .onCancellation().invoke(waiter::cancel)
                .chain(answer -> {
                    long left = deadline - System.nanoTime();
                    if (answer.allowed() || left <= 0) {
                        waiter.cancel();
                        return Uni.createFrom().item(answer);
                    }
                    return waiter.woken(Duration.ofNanos(Math.min(left, recheckInterval.toNanos())))
                            .chain(() -> checkUntilAllowed(userId, episodeId, region, deadline));
                });
    }

    /** The caps on waiting checks and the slots taken now (tests, operators). */
    public WaitSlots waitSlots() {
        return slots;
    }

    public Uni<EpisodeCheck> checkEpisode(String userId, String episodeId, String region) {
        Instant now = clock.instant();
        return pool.preparedQuery(EPISODE_CHECK)
                .execute(Tuple.of(userId, episodeId, region, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .map(rows -> decideEpisode(episodeId, rows, now));
    }

    private static EpisodeCheck decideEpisode(String episodeId, RowSet<Row> rows, Instant now) {
        EpisodeFacts facts = null;
        List<Grant> grants = new ArrayList<>();
        for (Row row : rows) {
            if (!row.getBoolean("published")) {
                break;
            }
            if (facts == null) {
                facts = new EpisodeFacts(episodeId, row.getString("series_id"), row.getInteger("number"),
                        row.getBoolean("free"));
            }
            if (row.getString("kind") != null) {
                grants.add(grant(row));
            }
        }
        if (facts == null) {
            throw EntitlementProblems.unknownEpisode(episodeId);
        }
        return EpisodeCheck.of(episodeId, POLICY.decide(facts, grants, now));
    }

    /** A row of a grants union (the user's entitlements, then region promos): kind, episode, series, window. */
    private static Grant grant(Row row) {
        return new Grant(GrantKind.fromWire(row.getString("kind")), row.getString("episode_id"),
                row.getString("grant_series_id"), instant(row, "valid_from"), instant(row, "valid_until"), null);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public Uni<SeriesCheck> checkSeries(String userId, String seriesId, String region) {
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        // three independent reads, in parallel on the pool
        Uni<RowSet<Row>> series = pool.preparedQuery(SERIES_PUBLISHED).execute(Tuple.of(seriesId));
        Uni<RowSet<Row>> episodes = pool.preparedQuery(SERIES_EPISODES).execute(Tuple.of(seriesId));
        Uni<RowSet<Row>> grants = pool.preparedQuery(SERIES_GRANTS).execute(Tuple.of(userId, seriesId, region, at));
        return Uni.combine().all().unis(series, episodes, grants).asTuple().map(rows -> {
            List<EpisodeFacts> published = new ArrayList<>();
            rows.getItem2().forEach(row -> published.add(new EpisodeFacts(row.getString("episode_id"), seriesId,
                    row.getInteger("number"), row.getBoolean("free"))));
            RowSet<Row> seriesRow = rows.getItem1();
            boolean hidden = seriesRow.size() > 0 && !seriesRow.iterator().next().getBoolean("published");
            boolean unknown = seriesRow.size() == 0 && published.isEmpty();
            if (hidden || unknown) {
                throw EntitlementProblems.unknownSeries(seriesId);
            }
            List<Grant> all = new ArrayList<>();
            rows.getItem3().forEach(row -> all.add(grant(row)));
            List<SeriesEpisode> answers = published.stream()
                    .map(facts -> SeriesEpisode.of(facts, POLICY.decide(facts, all, now)))
                    .toList();
            return new SeriesCheck(seriesId, answers);
        });
    }

    public Uni<EntitlementPage> active(String userId, int page, int size) {
        Instant now = clock.instant();
        String query = """
                userId = ?1 and revokedAt is null and validFrom <= ?2 and (validUntil is null or validUntil > ?2)""";
        return Panache.withSession(() -> Entitlement.<Entitlement>find(query,
                        Sort.by("validFrom", Sort.Direction.Descending).and("id"), userId, now)
                .page(Page.of(page, size)).list()
                .chain(rows -> Entitlement.count(query, userId, now)
                        .map(total -> new EntitlementPage(rows.stream().map(AccessService::item).toList(),
                                page, size, total))));
    }

    private static EntitlementItem item(Entitlement e) {
        return new EntitlementItem(e.id, e.kind, e.episodeId, e.seriesId, e.validFrom, e.validUntil, e.source);
    }
}
