package com.microdrama.payment.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.pricing.RegionalPricing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Prices as charged: the catalog's base coin price (or the buyer's paywall-experiment arm's, {@link ViewerOffer})
 * scaled by the series' tier for the buyer's region, rounded by the shared {@link RegionalPricing} rule so that
 * catalog-service shows and we charge the same number.
 */
@ApplicationScoped
public class CatalogPrices {
    private final ObjectMapper json;

    public CatalogPrices(ObjectMapper json) {
        this.json = json;
    }

    /**
     * What the series offers {@code userId} in {@code region}: their arm of the running experiment, if any, at the
     * region's tier (docs/decisions/0036-paywall-experiments.md). {@code series} null: no series state has arrived
     * yet, so the catalog's own offer of each episode.
     */
    public Uni<ViewerOffer> offerTo(CatalogSeries series, String seriesId, String userId, String region) {
        return percentIn(seriesId, region).map(percent -> series == null ? ViewerOffer.catalogOnly(percent)
                : ViewerOffer.of(experimentOf(series), userId, percent));
    }

    /** The series' tier for {@code region}: the percent every coin price of it is scaled by (base without a tier). */
    private Uni<Integer> percentIn(String seriesId, String region) {
        if (region == null) {
            return Uni.createFrom().item(RegionalPricing.BASE_PERCENT);
        }
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select percent from catalog_series_price_tier where series_id = :seriesId and region = :region")
                        .setParameter("seriesId", seriesId)
                        .setParameter("region", region)
                        .getResultList())
                .map((List<?> rows) -> rows.isEmpty() ? RegionalPricing.BASE_PERCENT : ((Number) rows.get(0)).intValue());
    }

    /** The running experiment as {@link #experimentJson} stored it; null when none runs. */
    PaywallExperiment experimentOf(CatalogSeries series) {
        if (series.experiment == null) {
            return null;
        }
        try {
            return json.readValue(series.experiment, PaywallExperiment.class);
        } catch (JsonProcessingException e) {
            // we wrote it from an event the shared reader had checked: unreadable means a broken row, not a price
            throw new IllegalStateException("stored experiment of series " + series.seriesId + " is unreadable", e);
        }
    }

    /** How the projection stores a running experiment (null: none runs), read back by {@link #experimentOf}. */
    String experimentJson(PaywallExperiment experiment) {
        if (experiment == null) {
            return null;
        }
        try {
            return json.writeValueAsString(experiment);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("experiment " + experiment.experimentId() + " cannot be written", e);
        }
    }
}
