package com.microdrama.events.payload;

import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.events.pricing.RegionalPricing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Catalog state of one series: how many episodes it has, what unlocking the whole series costs, its regional
 * price tiers (region → percent of every coin price of the series, see {@link RegionalPricing}), where it is
 * licensed and its age rating. A region without a tier pays the base prices.
 *
 * <p>Fields added to v1 additively (older events lack them): {@code regionalPricePercent}; {@code regions} (ISO
 * codes the series is licensed in, empty = everywhere) and {@code ageRating} (a label of
 * {@link com.microdrama.events.viewer.AgeRating}; null = an event written before ratings travelled, see
 * docs/events.md for how consumers read that); {@code experiment} (the paywall experiment running on the series,
 * null when none: {@link #episodeFreeFor} and {@link #episodePriceFor} apply a viewer's arm of it); {@code creatorId}
 * (the user id of the creator who owns the series and may read its insights, null when the platform owns it).
 */
public record SeriesUpdated(
        String seriesId,
        int episodeCount,
        int freeEpisodes,
        int bundlePriceCoins,
        boolean published,
        Map<String, Integer> regionalPricePercent,
        List<String> regions,
        String ageRating,
        PaywallExperiment experiment,
        String creatorId) {

    public SeriesUpdated {
        regionalPricePercent = regionalPricePercent == null ? Map.of() : Map.copyOf(regionalPricePercent);
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /** A series without an owner (the shape before creators). */
    public SeriesUpdated(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins, boolean published,
                         Map<String, Integer> regionalPricePercent, List<String> regions, String ageRating,
                         PaywallExperiment experiment) {
        this(seriesId, episodeCount, freeEpisodes, bundlePriceCoins, published, regionalPricePercent, regions,
                ageRating, experiment, null);
    }

    /** A series without a running experiment (the shape before experiments). */
    public SeriesUpdated(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins, boolean published,
                         Map<String, Integer> regionalPricePercent, List<String> regions, String ageRating) {
        this(seriesId, episodeCount, freeEpisodes, bundlePriceCoins, published, regionalPricePercent, regions,
                ageRating, null);
    }

    /** A series without regional tiers, licence regions or rating (the shape before those fields). */
    public SeriesUpdated(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins, boolean published) {
        this(seriesId, episodeCount, freeEpisodes, bundlePriceCoins, published, Map.of());
    }

    /** A series with regional tiers but no licence regions or rating (the shape before those fields). */
    public SeriesUpdated(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins, boolean published,
                         Map<String, Integer> regionalPricePercent) {
        this(seriesId, episodeCount, freeEpisodes, bundlePriceCoins, published, regionalPricePercent, List.of(), null);
    }

    /** The price tier of {@code region} (ISO 3166-1 alpha-2, any case); the base tier when it has none. */
    public int pricePercentIn(String region) {
        if (region == null) {
            return RegionalPricing.BASE_PERCENT;
        }
        return regionalPricePercent.getOrDefault(region.toUpperCase(Locale.ROOT), RegionalPricing.BASE_PERCENT);
    }

    /** {@code baseCoins} (an episode's or the bundle's base price) as charged in {@code region}. */
    public int priceIn(String region, int baseCoins) {
        return RegionalPricing.apply(baseCoins, pricePercentIn(region));
    }

    /** The experiment arm of {@code userId}; empty without a running experiment or a signed-in user. */
    public Optional<PaywallVariant> variantFor(String userId) {
        return experiment == null || userId == null ? Optional.empty() : Optional.of(experiment.variantFor(userId));
    }

    /**
     * Whether episode {@code number} is free for {@code userId} (null = not signed in): the catalog made it free
     * ({@code catalogFree}, the episode's own event), or it is among the first episodes their arm gives free. Not
     * {@code freeEpisodes} (a count of the free published episodes, promotional ones later in the series included).
     */
    public boolean episodeFreeFor(String userId, int number, boolean catalogFree) {
        return catalogFree || variantFor(userId).map(v -> v.givesFree(number)).orElse(false);
    }

    /** The base price of a paid episode (the catalog's {@code catalogPriceCoins}) for {@code userId}, before tiers. */
    public int episodePriceFor(String userId, int catalogPriceCoins) {
        return variantFor(userId).map(v -> v.episodePrice(catalogPriceCoins)).orElse(catalogPriceCoins);
    }
}
