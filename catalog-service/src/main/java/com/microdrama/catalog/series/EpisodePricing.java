package com.microdrama.catalog.series;

/**
 * The effective coin price of an episode, the one number every service agrees on (it is what catalog-events
 * carries): a free episode costs 0, otherwise the episode's own price overrides the series default.
 */
public final class EpisodePricing {

    private EpisodePricing() {
    }

    public static int effectivePrice(boolean free, Integer episodePriceCoins, int seriesDefaultPriceCoins) {
        if (free) {
            return 0;
        }
        int price = episodePriceCoins != null ? episodePriceCoins : seriesDefaultPriceCoins;
        if (price <= 0) {
            // a paid episode priced at 0 would be unlockable for nothing; the schema forbids it, so this is a bug
            throw new IllegalStateException("a paid episode must cost at least one coin, got " + price);
        }
        return price;
    }
}
