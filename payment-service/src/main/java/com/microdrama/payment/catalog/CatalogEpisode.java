package com.microdrama.payment.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Read-only projection of an episode from catalog-events; the only source of episode prices. */
@Entity
@Table(name = "catalog_episode")
public class CatalogEpisode extends PanacheEntityBase {
    @Id
    @Column(name = "episode_id")
    public String episodeId;

    @Column(name = "series_id")
    public String seriesId;

    public int number;
    public boolean free;

    @Column(name = "price_coins")
    public int priceCoins;

    public boolean published;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
