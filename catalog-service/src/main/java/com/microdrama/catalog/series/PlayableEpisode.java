package com.microdrama.catalog.series;

/** What playback authorization needs to know about one published episode. */
public record PlayableEpisode(String episodeId, String seriesId, int number, String videoAsset, boolean free,
                              int priceCoins, int bundlePriceCoins, String seriesTitle) {
}
