package com.microdrama.events.pricing;

import java.util.Collection;

/**
 * What unlocking a whole series costs a viewer who already has some of it open: the bundle price, or the sum of
 * the still-locked paid episodes at the viewer's regional price when that is less. One rule for the price catalog
 * shows (series page, the 402 offer) and the price payment-service charges.
 */
public final class SeriesUnlockPrice {

    private SeriesUnlockPrice() {
    }

    /**
     * @param bundleCoins       the series' bundle price in the viewer's region
     * @param lockedPaidPrices  the regional prices of the paid episodes still locked for the viewer
     * @return the coins to charge; 0 when nothing paid is locked (nothing to sell)
     */
    public static int of(int bundleCoins, Collection<Integer> lockedPaidPrices) {
        long locked = 0;
        for (Integer price : lockedPaidPrices) {
            locked += Math.max(0, price);
        }
        return (int) Math.min(Math.max(0, bundleCoins), locked);
    }
}
