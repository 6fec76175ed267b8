package com.microdrama.catalog.experiment;

import com.microdrama.catalog.readcache.CatalogReadCache;
import com.microdrama.catalog.region.SeriesRegionPriceRepository;
import com.microdrama.catalog.security.Viewer;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.pricing.RegionalPricing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The running experiment of a series, read through the catalog read cache (an admin write on this instance clears it;
 * other replicas see a start or stop after the cache's time-to-live, as they see every catalog change).
 */
@ApplicationScoped
public class ExperimentOffers {

    private final ExperimentRepository experiments;
    private final SeriesRegionPriceRepository tiers;
    private final CatalogReadCache cache;

    public ExperimentOffers(ExperimentRepository experiments, SeriesRegionPriceRepository tiers,
                            CatalogReadCache cache) {
        this.experiments = experiments;
        this.tiers = tiers;
        this.cache = cache;
    }

    /** The offer of a viewer on a series; anonymous viewers get the series' own without a lookup. */
    public Uni<ViewerOffer> forViewer(String seriesId, Viewer viewer) {
        if (viewer.subject().isEmpty()) {
            return Uni.createFrom().item(ViewerOffer.none());
        }
        String userId = viewer.subject().get();
        return cache.get(new Key(seriesId, viewer.region()), () -> load(seriesId, viewer.region()))
                .map(running -> ViewerOffer.of(running.experiment(), userId, running.percent()));
    }

    private Uni<Running> load(String seriesId, String region) {
        return Panache.withSession(() -> experiments.runningOf(seriesId).flatMap(e -> e == null
                ? Uni.createFrom().item(new Running(null, RegionalPricing.BASE_PERCENT))
                : tiers.percentFor(seriesId, region)
                        .map(percent -> new Running(ExperimentVariants.running(e), percent))));
    }

    /** The running experiment of a series (null: none) and the series' tier in one region. */
    record Running(PaywallExperiment experiment, int percent) {
    }

    private record Key(String seriesId, String region) {
    }
}
