package com.microdrama.entitlement.access;

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
 * a single-episode check is one statement (the episode, the user's entitlements that may cover it and the series'
 * region promos); a series check of any length three statements run in parallel (series, its published episodes,
 * the grants). Answers facts and grants; {@link AccessService} decides.
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

    /** A published episode and the grants that may cover it. */
    record EpisodeRows(EpisodeFacts facts, List<Grant> grants) {
    }

    /** A published series' published episodes in order, and the grants that may cover any of them. */
    record SeriesRows(List<EpisodeFacts> episodes, List<Grant> grants) {
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
                .map(rows -> episodeRows(episodeId, rows));
    }

    private static Optional<EpisodeRows> episodeRows(String episodeId, RowSet<Row> rows) {
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
        return facts == null ? Optional.empty() : Optional.of(new EpisodeRows(facts, grants));
    }

    /**
     * Three independent reads, in parallel on the pool; empty when the series is unpublished, or unknown (no series
     * row and no published episode).
     */
    public Uni<Optional<SeriesRows>> series(String userId, String seriesId, String region, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
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
                return Optional.empty();
            }
            List<Grant> all = new ArrayList<>();
            rows.getItem3().forEach(row -> all.add(grant(row)));
            return Optional.of(new SeriesRows(published, all));
        });
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
