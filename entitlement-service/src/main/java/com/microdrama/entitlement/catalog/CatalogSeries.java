package com.microdrama.entitlement.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "catalog_series")
public class CatalogSeries extends PanacheEntityBase {

    @Id
    @Column(name = "series_id")
    public String seriesId;

    @Column(name = "episode_count", nullable = false)
    public int episodeCount;

    @Column(name = "free_episodes", nullable = false)
    public int freeEpisodes;

    @Column(name = "bundle_price_coins", nullable = false)
    public int bundlePriceCoins;

    @Column(nullable = false)
    public boolean published;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * Whether the catalog ever had the series, published or not (admins may prepare grants and promos ahead of a
     * launch). Episodes count too: their event may arrive before the series' own.
     */
    public static Uni<Boolean> known(String seriesId) {
        return CatalogSeries.<CatalogSeries>findById(seriesId)
                .chain(series -> series != null ? Uni.createFrom().item(true)
                        : CatalogEpisode.count("seriesId", seriesId).map(n -> n > 0));
    }
}
