package com.microdrama.payment.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Read-only projection of a series from catalog-events; the only source of bundle prices, licences, ratings and the
 * running paywall experiment.
 */
@Entity
@Table(name = "catalog_series")
public class CatalogSeries extends PanacheEntityBase {
    @Id
    @Column(name = "series_id")
    public String seriesId;

    @Column(name = "episode_count")
    public int episodeCount;

    @Column(name = "free_episodes")
    public int freeEpisodes;

    @Column(name = "bundle_price_coins")
    public int bundlePriceCoins;

    public boolean published;

    /** Where the series is licensed (ISO codes); empty = everywhere. */
    @Column(name = "regions")
    public String[] regions;

    /** The catalog's age rating label; null until an event that carries it arrived ({@link SaleGate}). */
    @Column(name = "age_rating")
    public String ageRating;

    /**
     * The paywall experiment running on the series as {@code series-updated.v1} carried it (PaywallExperiment JSON),
     * null when none runs; read by {@link CatalogPrices#offerTo} (docs/decisions/0036-paywall-experiments.md).
     */
    @Column(name = "experiment")
    public String experiment;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
