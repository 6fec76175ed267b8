package com.microdrama.entitlement.access;

import com.microdrama.entitlement.access.AccessViews.EntitlementItem;
import com.microdrama.entitlement.access.AccessViews.EntitlementPage;
import com.microdrama.entitlement.access.AccessViews.EpisodeCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesCheck;
import com.microdrama.entitlement.access.AccessViews.SeriesEpisode;
import com.microdrama.entitlement.catalog.CatalogEpisode;
import com.microdrama.entitlement.catalog.CatalogSeries;
import com.microdrama.entitlement.ledger.Entitlement;
import com.microdrama.entitlement.problem.EntitlementProblems;
import com.microdrama.entitlement.promo.RegionPromo;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads what {@link AccessPolicy} needs with a fixed number of queries (a series page of any length costs three, four
 * when the viewer's region is known: the region promos of the series), then decides in memory.
 *
 * <p>{@code region} is the viewer's region as the caller established it (token claim, or catalog-service's
 * parameter); null means unknown, and then no region promo applies.
 */
@ApplicationScoped
public class AccessService {

    private static final AccessPolicy POLICY = new AccessPolicy();

    private final Clock clock;

    public AccessService(Clock clock) {
        this.clock = clock;
    }

    public Uni<EpisodeCheck> checkEpisode(String userId, String episodeId, String region) {
        return Panache.withSession(() -> CatalogEpisode.<CatalogEpisode>findById(episodeId).chain(episode -> {
            if (episode == null || !episode.published) {
                return Uni.createFrom().failure(EntitlementProblems.unknownEpisode(episodeId));
            }
            return Entitlement.<Entitlement>list("""
                            userId = ?1 and revokedAt is null
                            and (episodeId = ?2 or seriesId = ?3 or kind in ('vip', 'promo'))""",
                            userId, episodeId, episode.seriesId)
                    .chain(rows -> withRegionPromos(grants(rows), episode.seriesId, region))
                    .map(grants -> EpisodeCheck.of(episodeId, POLICY.decide(episode.facts(), grants, clock.instant())));
        }));
    }

    public Uni<SeriesCheck> checkSeries(String userId, String seriesId, String region) {
        return Panache.withSession(() -> CatalogSeries.<CatalogSeries>findById(seriesId).chain(series ->
                CatalogEpisode.<CatalogEpisode>list("seriesId = ?1 and published = true", Sort.by("number"), seriesId)
                        .chain(episodes -> {
                            boolean hidden = series != null && !series.published;
                            boolean unknown = series == null && episodes.isEmpty();
                            if (hidden || unknown) {
                                return Uni.createFrom().failure(EntitlementProblems.unknownSeries(seriesId));
                            }
                            return Entitlement.<Entitlement>list("""
                                            userId = ?1 and revokedAt is null
                                            and (seriesId = ?2 or kind in ('vip', 'promo') or episodeId in
                                                (select e.episodeId from CatalogEpisode e where e.seriesId = ?2))""",
                                            userId, seriesId)
                                    .chain(rows -> withRegionPromos(grants(rows), seriesId, region))
                                    .map(grants -> decideAll(seriesId, episodes, grants));
                        })));
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

    private SeriesCheck decideAll(String seriesId, List<CatalogEpisode> episodes, List<Grant> grants) {
        Instant now = clock.instant();
        List<SeriesEpisode> answers = episodes.stream()
                .map(CatalogEpisode::facts)
                .map(facts -> SeriesEpisode.of(facts, POLICY.decide(facts, grants, now)))
                .toList();
        return new SeriesCheck(seriesId, answers);
    }

    /** The user's grants plus the series' promos for the viewer's region. */
    private Uni<List<Grant>> withRegionPromos(List<Grant> grants, String seriesId, String region) {
        if (region == null) {
            return Uni.createFrom().item(grants);
        }
        return RegionPromo.grantsFor(seriesId, region, clock.instant()).map(promos -> {
            List<Grant> all = new ArrayList<>(grants);
            all.addAll(promos);
            return all;
        });
    }

    private static List<Grant> grants(List<Entitlement> rows) {
        return rows.stream().map(Entitlement::toGrant).toList();
    }

    private static EntitlementItem item(Entitlement e) {
        return new EntitlementItem(e.id, e.kind, e.episodeId, e.seriesId, e.validFrom, e.validUntil, e.source);
    }
}
