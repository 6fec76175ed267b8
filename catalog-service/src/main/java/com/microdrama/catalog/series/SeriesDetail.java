package com.microdrama.catalog.series;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.microdrama.events.pricing.SeriesUnlockPrice;

import java.util.List;

/**
 * The series page. {@code language} is the translation that answered; prices are those of {@code region}; {@code entitlementsAvailable} is only
 * present (false) when the viewer is signed in but entitlement-service could not be asked, so paid episodes are
 * shown locked without certainty. {@code seriesUnlockPriceCoins} is only present for a signed-in viewer: what
 * unlocking the whole series costs them now ({@link SeriesUnlockPrice}: the bundle, or the still-locked paid
 * episodes when they cost less), the price payment-service charges.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesDetail(String id, String title, String synopsis, String language, String originalLanguage,
                           List<String> genres, String ageRating, String coverUrl, int freeEpisodes,
                           int bundlePriceCoins, String region, List<EpisodeView> episodes,
                           Boolean entitlementsAvailable, Integer seriesUnlockPriceCoins) {

    public SeriesDetail(String id, String title, String synopsis, String language, String originalLanguage,
                        List<String> genres, String ageRating, String coverUrl, int freeEpisodes,
                        int bundlePriceCoins, String region, List<EpisodeView> episodes,
                        Boolean entitlementsAvailable) {
        this(id, title, synopsis, language, originalLanguage, genres, ageRating, coverUrl, freeEpisodes,
                bundlePriceCoins, region, episodes, entitlementsAvailable, null);
    }

    /** The page with one viewer's lock state, and the series unlock price that follows from it. */
    public SeriesDetail withEpisodes(List<EpisodeView> episodes, Boolean entitlementsAvailable) {
        List<Integer> lockedPaid = episodes.stream()
                .filter(e -> !e.free() && !Boolean.FALSE.equals(e.locked()))
                .map(EpisodeView::priceCoins)
                .toList();
        return new SeriesDetail(id, title, synopsis, language, originalLanguage, genres, ageRating, coverUrl,
                freeEpisodes, bundlePriceCoins, region, episodes, entitlementsAvailable,
                SeriesUnlockPrice.of(bundlePriceCoins, lockedPaid));
    }
}
