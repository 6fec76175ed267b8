package com.microdrama.catalog.region;

import com.microdrama.events.pricing.RegionalPricing;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A series' price tier in one region (see {@link RegionalPricing}). */
@Entity
@Table(name = "series_region_price")
@IdClass(SeriesRegionPrice.Key.class)
public class SeriesRegionPrice {
    @Id
    @Column(name = "series_id")
    public String seriesId;

    @Id
    public String region;

    @Column(name = "price_percent", nullable = false)
    public int pricePercent;

    public static class Key implements Serializable {
        public String seriesId;
        public String region;

        public Key() {
        }

        public Key(String seriesId, String region) {
            this.seriesId = seriesId;
            this.region = region;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(seriesId, k.seriesId) && Objects.equals(region, k.region);
        }

        @Override
        public int hashCode() {
            return Objects.hash(seriesId, region);
        }
    }
}
