package com.microdrama.catalog.series;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

@Entity
@Table(name = "series")
public class Series {
    @Id
    public String id;

    @Column(name = "original_language", nullable = false)
    public String originalLanguage;

    // varchar[] in PostgreSQL, the type Hibernate binds a String[] as (text[] would make array_contains fail)
    @Column(name = "genres", nullable = false)
    public String[] genres;

    @Column(name = "age_rating", nullable = false)
    public String ageRating;

    @Column(name = "regions", nullable = false)
    public String[] regions;

    @Column(name = "cover_url")
    public String coverUrl;

    @Column(name = "free_episodes", nullable = false)
    public int freeEpisodes;

    @Column(name = "episode_price_coins", nullable = false)
    public int episodePriceCoins;

    @Column(name = "bundle_price_coins", nullable = false)
    public int bundlePriceCoins;

    @Column(nullable = false)
    public boolean published;

    /** The user id of the creator who owns the series (reads its insights); null when the platform owns it. */
    @Column(name = "creator_id")
    public String creatorId;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
