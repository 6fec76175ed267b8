package com.microdrama.catalog.admin;

import java.time.OffsetDateTime;
import java.util.List;

/** What the admin API answers: the stored state, published or not, with base (un-tiered) prices. */
public final class AdminViews {

    private AdminViews() {
    }

    public record Text(String language, String title, String synopsis) {
    }

    public record EpisodeText(String language, String title) {
    }

    public record Tier(String region, int pricePercent) {
    }

    /** {@code priceCoins} is the episode's own price (null = series default), {@code effectivePriceCoins} what it costs. */
    public record Episode(String id, String seriesId, int number, int durationSeconds, String videoAsset, boolean free,
                          Integer priceCoins, int effectivePriceCoins, boolean published, List<EpisodeText> translations,
                          OffsetDateTime updatedAt) {
    }

    public record Series(String id, String originalLanguage, List<String> genres, String ageRating,
                         List<String> regions, String coverUrl, int freeEpisodes, int episodePriceCoins,
                         int bundlePriceCoins, boolean published, List<Text> translations, List<Tier> regionalPricing,
                         List<Episode> episodes, OffsetDateTime updatedAt, String creatorId) {
    }

    public record SeriesSummary(String id, String title, String originalLanguage, String ageRating,
                                List<String> regions, boolean published, long episodeCount) {
    }

    public record SeriesPage(List<SeriesSummary> items, int page, int size, long total) {
    }
}
