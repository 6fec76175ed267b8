package com.microdrama.events.payload;

/** Catalog state of one series: how many episodes it has and what unlocking the whole series costs. */
public record SeriesUpdated(
        String seriesId,
        int episodeCount,
        int freeEpisodes,
        int bundlePriceCoins,
        boolean published) {
}
