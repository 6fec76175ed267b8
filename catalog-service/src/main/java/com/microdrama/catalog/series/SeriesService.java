package com.microdrama.catalog.series;

import com.microdrama.catalog.entitlement.EntitlementLookup;
import com.microdrama.catalog.experiment.ExperimentOffers;
import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.catalog.entitlement.SeriesEntitlements;
import com.microdrama.catalog.security.Viewer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Series pages, with per-viewer lock state from ONE batch call to entitlement-service when signed in. */
@ApplicationScoped
public class SeriesService {

    private final SeriesQueries queries;
    private final CatalogReadCache catalog;
    private final EntitlementLookup entitlements;
    private final ExperimentOffers offers;
    /** ~15 KB a page: 2,000 of them stay well inside the service's heap. */
    private final LockedPages lockedPages = new LockedPages(2_000);

    public SeriesService(SeriesQueries queries, CatalogReadCache catalog, EntitlementLookup entitlements,
                         ExperimentOffers offers) {
        this.offers = offers;
        this.queries = queries;
        this.catalog = catalog;
        this.entitlements = entitlements;
    }

    public Uni<SeriesPage> browse(SeriesRepository.Filter filter, String language, int page, int size) {
        return queries.browse(filter, language, page, size);
    }

    /**
     * 404 unknown, then 451 outside the series' regions, then 403 when the viewer's age does not allow the series
     * (the order playback refuses in); entitlement-service is asked only for a series the viewer may see.
     *
     * @param priceHint a region only an anonymous viewer may name to see prices in (display only): it never changes
     *                  availability, and a signed-in viewer always sees the prices of their own region
     */
    public Uni<SeriesDetail> detail(String seriesId, String language, Viewer viewer, Optional<String> priceHint) {
        String priceRegion = viewer.signedIn() ? viewer.region() : priceHint.orElse(viewer.region());
        Uni<SeriesDetail> detail = catalog.get(new DetailKey(seriesId, language, viewer.region(), priceRegion),
                        () -> queries.detail(seriesId, language, viewer.region(), priceRegion))
                .invoke(d -> AgeGate.requireAllowed(d.id(), d.ageRating(), viewer.age()));
        if (viewer.subject().isEmpty()) {
            return detail;
        }
        String userId = viewer.subject().get();
        // region promos follow the same trusted region as every other rule, as entitlement-service decides them;
        // the prices and free episodes are the viewer's experiment arm's (docs/decisions/0036-paywall-experiments.md)
        return detail.flatMap(d -> offers.forViewer(d.id(), viewer).flatMap(offer -> entitlements
                .forSeries(userId, d.id(), viewer.region())
                .map(answer -> lockedPages.page(userId, d, answer, offer))
                .onFailure().recoverWithItem(failure -> {
                    // the page still renders: free episodes play, paid ones show locked until we know better
                    Log.warnf("entitlements for series %s unavailable, showing paid episodes locked: %s",
                            d.id(), failure.toString());
                    return d.withEpisodes(EpisodeLocks.apply(offer.apply(d.episodes()),
                            Optional.<SeriesEntitlements>empty()), false);
                })));
    }

    /** What unlocking the whole series costs a signed-in viewer now (see {@link SeriesDetail#seriesUnlockPriceCoins}). */
    public Uni<Integer> seriesUnlockPrice(String seriesId, Viewer viewer) {
        return detail(seriesId, null, viewer, Optional.empty())
                .map(d -> d.seriesUnlockPriceCoins() != null ? d.seriesUnlockPriceCoins() : d.bundlePriceCoins());
    }

    private record DetailKey(String seriesId, String language, String viewerRegion, String priceRegion) {
    }
}
