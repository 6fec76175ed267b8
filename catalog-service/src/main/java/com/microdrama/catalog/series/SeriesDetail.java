package com.microdrama.catalog.series;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The series page. {@code language} is the translation that answered; prices are those of {@code region}; {@code entitlementsAvailable} is only
 * present (false) when the viewer is signed in but entitlement-service could not be asked, so paid episodes are
 * shown locked without certainty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesDetail(String id, String title, String synopsis, String language, String originalLanguage,
                           List<String> genres, String ageRating, String coverUrl, int freeEpisodes,
                           int bundlePriceCoins, String region, List<EpisodeView> episodes,
                           Boolean entitlementsAvailable) {

    public SeriesDetail withEpisodes(List<EpisodeView> episodes, Boolean entitlementsAvailable) {
        return new SeriesDetail(id, title, synopsis, language, originalLanguage, genres, ageRating, coverUrl,
                freeEpisodes, bundlePriceCoins, region, episodes, entitlementsAvailable);
    }
}
