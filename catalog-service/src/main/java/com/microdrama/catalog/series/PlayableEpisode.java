package com.microdrama.catalog.series;

import com.microdrama.events.viewer.AgeRating;
import com.microdrama.events.viewer.ViewerRegion;

/**
 * What playback authorization needs to know about one published episode, as seen from one region: prices are that
 * region's, and {@code availableInRegion} says whether the series may be shown there at all.
 */
public record PlayableEpisode(String episodeId, String seriesId, int number, String videoAsset, boolean free,
                              int priceCoins, int bundlePriceCoins, String seriesTitle, String region,
                              boolean availableInRegion, AgeRating ageRating) {

    public PlayableEpisode(String episodeId, String seriesId, int number, String videoAsset, boolean free,
                           int priceCoins, int bundlePriceCoins, String seriesTitle) {
        this(episodeId, seriesId, number, videoAsset, free, priceCoins, bundlePriceCoins, seriesTitle, ViewerRegion.DEFAULT,
                true, AgeRating.ALL);
    }

    /** The episode at another price for one viewer (their paywall-experiment arm's). */
    public PlayableEpisode withPrice(int priceCoins) {
        return new PlayableEpisode(episodeId, seriesId, number, videoAsset, free, priceCoins, bundlePriceCoins,
                seriesTitle, region, availableInRegion, ageRating);
    }
}
