package com.microdrama.entitlement.catalog;

import com.microdrama.entitlement.access.EpisodeFacts;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "catalog_episode")
public class CatalogEpisode extends PanacheEntityBase {

    @Id
    @Column(name = "episode_id")
    public String episodeId;

    @Column(name = "series_id", nullable = false)
    public String seriesId;

    @Column(nullable = false)
    public int number;

    @Column(nullable = false)
    public boolean free;

    @Column(name = "price_coins", nullable = false)
    public int priceCoins;

    @Column(nullable = false)
    public boolean published;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public EpisodeFacts facts() {
        return new EpisodeFacts(episodeId, seriesId, number, free);
    }
}
