package com.microdrama.payment.catalog;

import com.microdrama.events.pricing.RegionalPricing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Prices as charged: the catalog's base coin price scaled by the series' tier for the buyer's region, rounded by the
 * shared {@link RegionalPricing} rule so that catalog-service shows and we charge the same number.
 */
@ApplicationScoped
public class CatalogPrices {

    /** {@code baseCoins} of series {@code seriesId} in {@code region}; the base price without a region or a tier. */
    public Uni<Integer> priceIn(String seriesId, String region, int baseCoins) {
        return percentIn(seriesId, region).map(percent -> RegionalPricing.apply(baseCoins, percent));
    }

    /** The series' tier for {@code region}: the percent every coin price of it is scaled by (base without a tier). */
    public Uni<Integer> percentIn(String seriesId, String region) {
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
}
