package com.microdrama.catalog.series;

/**
 * The effective coin price of an episode, the one number every service agrees on (it is what catalog-events
 * carries): a free episode costs 0, otherwise the episode's own price overrides the series default.
 */
public final class EpisodePricing {

    private EpisodePricing() {
    }

    /**
     * Whether an episode is free: the series' first {@code freeEpisodes} are, and so is one whose own price was
     * set to 0 (a promotional free episode later in the series).
     */
    public static boolean isFree(int number, int freeEpisodes, Integer ownPriceCoins) {
        return number <= freeEpisodes || (ownPriceCoins != null && ownPriceCoins == 0);
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
