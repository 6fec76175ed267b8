package com.microdrama.events.pricing;

/**
 * Regional price tiers: one percentage per (series, region) scales every coin price of the series shown in that
 * region. A percentage rather than explicit prices, so an episode's own price override and the bundle follow a
 * tier without the admin restating each of them.
 */
public final class RegionalPricing {
    public static final int BASE_PERCENT = 100;
    public static final int MIN_PERCENT = 1;
    public static final int MAX_PERCENT = 1000;

    private RegionalPricing() {
    }

    /**
     * @param baseCoins the price in the base (default) tier; 0 means free and stays free
     * @param percent   the region's tier, {@link #BASE_PERCENT} when the series has none for the region
     * @return the price rounded up to whole coins, at least 1 for anything that is not free
     */
    public static int apply(int baseCoins, int percent) {
        if (percent < MIN_PERCENT || percent > MAX_PERCENT) {
            throw new IllegalArgumentException("price tier must be " + MIN_PERCENT + ".." + MAX_PERCENT + " %, got " + percent);
        }
        if (baseCoins < 0) {
            throw new IllegalArgumentException("a price cannot be negative: " + baseCoins);
        }
        if (baseCoins == 0) {
            return 0;
        }
        // ceil in integer arithmetic: a discount must never turn a paid episode into a free one
        long scaled = ((long) baseCoins * percent + 99) / 100;
        return (int) Math.max(1, scaled);
    }
}
