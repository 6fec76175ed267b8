package com.microdrama.entitlement.access;

import com.microdrama.entitlement.catalog.ExperimentJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The access checks' plain SQL on the reactive pool, a measured hot path (docs/decisions/0005-raw-sql-on-hot-paths.md):
 * a single-episode check is one statement (the episode, its series' running paywall experiment, the user's
 * exposures, entitlements that may cover it and the series' region promos); a series check of any length three
 * statements run in parallel (series with the user's exposures, its published episodes, the grants). Answers facts,
 * the viewer's {@link ExperimentOffer} and grants; {@link AccessService} decides.
 *
 * <p>Exposures (docs/decisions/0036-paywall-experiments.md) are looked up only behind {@code catalog_series.exposed}:
 * PostgreSQL evaluates that outer-only condition as a one-time filter of the lateral subquery, so for a series nobody
 * was ever exposed on (nearly all of them) the check reads no exposure at all, not even an index page.
 */
@ApplicationScoped
public class AccessQueries {

    /**
     * The region promos of series %s for viewers in region $3 ($4: now), as grant rows: one rule for both checks.
     */
    private static final String REGION_PROMO_GRANTS = """
            select 'promo', null, p.series_id, p.valid_from, p.valid_until
              from region_promo_region r join region_promo p on p.id = r.promo_id
             where r.region = $3 and p.series_id = %s and p.ended_at is null and p.valid_until > $4""";

    /**
     * The exposures of user %s on series row {@code s}: their largest free count, and whether one is of the experiment
     * running now. One row (nulls and false) when there are none or {@code s.exposed} is not set: then nothing is read.
     */
    private static final String EXPOSURES = """
            select max(pe.free_episodes) as exposed_free,
                   coalesce(bool_or(pe.experiment_id = s.experiment ->> 'experimentId'), false) as exposed_running
              from paywall_exposure pe
             where s.exposed and pe.user_id = %s and pe.series_id = s.series_id""";

    /**
     * The episode (no row: unknown) with one row per grant that may cover it: the user's unrevoked entitlements of the
     * episode, its series, VIP and promos, and the series' region promos for the viewer's region ($3, may be null).
     * Each row carries the series' running experiment and the user's exposures on the series.
     */
    static final String EPISODE_CHECK = """
            select ep.series_id, ep.number, ep.free, ep.published,
                   s.experiment::text as experiment, x.exposed_free, x.exposed_running,
                   g.kind, g.episode_id, g.series_id as grant_series_id, g.valid_from, g.valid_until
              from catalog_episode ep
              left join catalog_series s on s.series_id = ep.series_id
              left join lateral (%s) x on true
              left join lateral (
                    select en.kind, en.episode_id, en.series_id, en.valid_from, en.valid_until
                      from entitlement en
                     where en.user_id = $1 and en.revoked_at is null
                       and (en.episode_id = ep.episode_id or en.series_id = ep.series_id or en.kind in ('vip', 'promo'))
                    union all
                    %s
                 ) g on true
             where ep.episode_id = $2""".formatted(EXPOSURES.formatted("$1"), REGION_PROMO_GRANTS.formatted("ep.series_id"));

    /** The series row (none: not projected yet) with its running experiment and user $2's exposures. */
    static final String SERIES_PUBLISHED = """
            select s.published, s.experiment::text as experiment,
                   x.exposed_free, x.exposed_running
              from catalog_series s
              left join lateral (%s) x on true
             where s.series_id = $1""".formatted(EXPOSURES.formatted("$2"));
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

    /**
     * An exposure, once (the primary key), and the series' flag that makes the checks look exposures up: one
     * statement, so no exposure is ever without its flag. The flag is written only by the first exposure of a series;
     * for the others the update matches no row and locks none.
     */
    static final String RECORD_EXPOSURE = """
            with recorded as (
                insert into paywall_exposure (user_id, series_id, experiment_id, variant, free_episodes, exposed_at)
                values ($1, $2, $3, $4, $5, $6)
                on conflict (user_id, series_id, experiment_id) do nothing)
            update catalog_series set exposed = true where series_id = $2 and not exposed""";

    /** A published episode, the viewer's offer on its series and the grants that may cover it. */
    record EpisodeRows(EpisodeFacts facts, ExperimentOffer offer, List<Grant> grants) {
    }

    /** A published series' published episodes in order, the viewer's offer and the grants that may cover any of them. */
    record SeriesRows(List<EpisodeFacts> episodes, ExperimentOffer offer, List<Grant> grants) {
    }

    private final Pool pool;

    public AccessQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * One statement; empty when the episode is unknown or unpublished. {@code region} may be null (no region promo
     * applies); {@code now} bounds the promos.
     */
    public Uni<Optional<EpisodeRows>> episode(String userId, String episodeId, String region, Instant now) {
        return pool.preparedQuery(EPISODE_CHECK)
                .execute(Tuple.of(userId, episodeId, region, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .map(rows -> episodeRows(userId, episodeId, rows));
    }

    private static Optional<EpisodeRows> episodeRows(String userId, String episodeId, RowSet<Row> rows) {
        EpisodeFacts facts = null;
        ExperimentOffer offer = null;
        List<Grant> grants = new ArrayList<>();
        for (Row row : rows) {
            if (!row.getBoolean("published")) {
                break;
            }
            if (facts == null) {
                facts = new EpisodeFacts(episodeId, row.getString("series_id"), row.getInteger("number"),
                        row.getBoolean("free"));
                offer = offer(userId, row);
            }
            if (row.getString("kind") != null) {
                grants.add(grant(row));
            }
        }
        return facts == null ? Optional.empty() : Optional.of(new EpisodeRows(facts, offer, grants));
    }

    /**
     * Three independent reads, in parallel on the pool; empty when the series is unpublished, or unknown (no series
     * row and no published episode).
     */
    public Uni<Optional<SeriesRows>> series(String userId, String seriesId, String region, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        Uni<RowSet<Row>> series = pool.preparedQuery(SERIES_PUBLISHED).execute(Tuple.of(seriesId, userId));
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
                return Optional.empty();
            }
            List<Grant> all = new ArrayList<>();
            rows.getItem3().forEach(row -> all.add(grant(row)));
            ExperimentOffer offer = seriesRow.size() == 0 ? ExperimentOffer.of(userId, null, 0, false)
                    : offer(userId, seriesRow.iterator().next());
            return Optional.of(new SeriesRows(published, offer, all));
        });
    }

    /** Records an exposure (decision 0036); nothing when the user has it already. */
    public Uni<Void> recordExposure(ExperimentOffer.Exposure exposure, Instant now) {
        return pool.preparedQuery(RECORD_EXPOSURE)
                .execute(Tuple.from(List.of(exposure.userId(), exposure.seriesId(), exposure.experimentId(),
                        exposure.variant(), exposure.freeEpisodes(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** The viewer's offer from a row with the series' and the exposures' columns (nulls: no series row, no exposure). */
    private static ExperimentOffer offer(String userId, Row row) {
        Integer exposedFree = row.getInteger("exposed_free");
        return ExperimentOffer.of(userId, ExperimentJson.read(row.getString("experiment")),
                exposedFree == null ? 0 : exposedFree, Boolean.TRUE.equals(row.getBoolean("exposed_running")));
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
}
