package com.microdrama.catalog.region;

import com.microdrama.events.pricing.RegionalPricing;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class SeriesRegionPriceRepository implements PanacheRepositoryBase<SeriesRegionPrice, SeriesRegionPrice.Key> {

    /** The series' tier in the region, {@link RegionalPricing#BASE_PERCENT} when it has none there. */
    public Uni<Integer> percentFor(String seriesId, String region) {
        return findById(new SeriesRegionPrice.Key(seriesId, region))
                .map(tier -> tier == null ? RegionalPricing.BASE_PERCENT : tier.pricePercent);
    }

    public Uni<List<SeriesRegionPrice>> forSeries(String seriesId) {
        return list("seriesId = ?1 order by region", seriesId);
    }

    /** The tiers of several series at once (the change relay's batch). */
    public Uni<List<SeriesRegionPrice>> forSeriesIds(Collection<String> seriesIds) {
        return seriesIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("seriesId in ?1 order by seriesId, region", seriesIds);
    }

    public Uni<Long> deleteForSeries(String seriesId) {
        return delete("seriesId", seriesId);
    }
}
