package com.microdrama.events.payload;

import com.microdrama.events.pricing.RegionalPricing;

import java.util.Locale;
import java.util.Map;

/**
 * Catalog state of one series: how many episodes it has, what unlocking the whole series costs, and its regional
 * price tiers (region → percent of every coin price of the series, see {@link RegionalPricing}). A region without a
 * tier pays the base prices. {@code regionalPricePercent} was added to v1 additively: older events lack it.
 */
public record SeriesUpdated(
        String seriesId,
        int episodeCount,
        int freeEpisodes,
        int bundlePriceCoins,
        boolean published,
        Map<String, Integer> regionalPricePercent) {

    public SeriesUpdated {
        regionalPricePercent = regionalPricePercent == null ? Map.of() : Map.copyOf(regionalPricePercent);
    }

    /** A series without regional tiers. */
    public SeriesUpdated(String seriesId, int episodeCount, int freeEpisodes, int bundlePriceCoins, boolean published) {
        this(seriesId, episodeCount, freeEpisodes, bundlePriceCoins, published, Map.of());
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
}
