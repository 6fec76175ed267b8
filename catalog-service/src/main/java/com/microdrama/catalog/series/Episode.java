package com.microdrama.catalog.series;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

@Entity
@Table(name = "episode")
public class Episode {
    @Id
    public String id;

    // a plain column rather than an association: every read here is a query by series, never a lazy walk
    @Column(name = "series_id", nullable = false)
    public String seriesId;

    @Column(nullable = false)
    public int number;

    @Column(name = "duration_seconds", nullable = false)
    public int durationSeconds;

    @Column(name = "video_asset", nullable = false)
    public String videoAsset;

    @Column(nullable = false)
    public boolean free;

    /** Overrides the series' default price when set; ignored for free episodes. */
    @Column(name = "price_coins")
    public Integer priceCoins;

    @Column(nullable = false)
    public boolean published;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public int effectivePrice(Series series) {
        return EpisodePricing.effectivePrice(free, priceCoins, series.episodePriceCoins);
    }
}
