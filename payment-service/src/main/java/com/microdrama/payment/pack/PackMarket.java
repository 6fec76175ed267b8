package com.microdrama.payment.pack;

import java.util.Set;

/**
 * Coin packs belong to a market. A pack's {@code region} is its market's ISO code, or null for a global pack on sale
 * in every market. A buyer's market is their trusted region (token claim, else the gateway's country header, else
 * US) when packs are sold there, else the default market (US): a viewer in a country without its own packs buys the
 * default ones, as before. A client cannot choose another market: {@code ?region=} on the list is ignored unless it
 * names the buyer's own market, and buying another market's pack is 422 {@code pack-not-available-in-region}.
 */
public final class PackMarket {
    public static final String DEFAULT = "US";

    private PackMarket() {
    }

    /** @param marketsWithPacks the regions that have active packs of their own */
    public static String of(String region, Set<String> marketsWithPacks) {
        return region != null && marketsWithPacks.contains(region) ? region : DEFAULT;
    }

    public static boolean onSale(String packRegion, String market) {
        return packRegion == null || packRegion.equals(market);
    }
}
