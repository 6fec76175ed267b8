package com.microdrama.events.experiment;

/**
 * One arm of a paywall experiment: what a viewer assigned to it is offered on the series.
 *
 * @param name              short name, unique in its experiment ({@code A}, {@code eight-free})
 * @param weightPercent     its share of viewers, 1..100; the weights of an experiment add up to 100
 * @param freeEpisodes      how many first episodes are free in this arm; null = the series' own count. Never fewer
 *                          than the series' own count: an arm may give more, never take away
 * @param episodePriceCoins the base coin price of every paid episode in this arm (before the regional tier); null =
 *                          the catalog's price of each episode. An episode the catalog made free stays free
 */
public record PaywallVariant(String name, int weightPercent, Integer freeEpisodes, Integer episodePriceCoins) {

    /** Whether this arm gives episode {@code number} free (an episode the catalog made free is free anyway). */
    public boolean givesFree(int number) {
        return freeEpisodes != null && number <= freeEpisodes;
    }

    /** The base price of a paid episode for a viewer in this arm, given the catalog's price of it. */
    public int episodePrice(int catalogPriceCoins) {
        return episodePriceCoins == null ? catalogPriceCoins : episodePriceCoins;
    }
}
