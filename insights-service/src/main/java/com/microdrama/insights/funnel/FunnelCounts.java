package com.microdrama.insights.funnel;

/**
 * The funnel of one series on one day, for one region and language (a row of store {@code funnel}). Every "viewers"
 * count is of first times (the first play of the series, the first paywall, the first unlock of each viewer), so rows
 * of several days, regions or languages add up to distinct viewers of the whole range.
 */
public final class FunnelCounts {
    /** Playback authorizations (signed-in or not). */
    public long plays;
    /** Signed-in viewers whose first play of the series fell here. */
    public long viewers;
    public long paywallViews;
    /** Viewers who met the series' paywall for the first time here. */
    public long paywallViewers;
    /** Viewers whose first unlock of the series (episode or whole series) fell here. */
    public long payers;
    /** ...of them, those who had met the paywall before: the conversion's numerator. */
    public long payersAfterPaywall;
    public long episodeUnlocks;
    public long seriesUnlocks;
    public long coinsSpent;
    public long refunds;
    public long coinsRefunded;

    public FunnelCounts add(FunnelCounts o) {
        plays += o.plays;
        viewers += o.viewers;
        paywallViews += o.paywallViews;
        paywallViewers += o.paywallViewers;
        payers += o.payers;
        payersAfterPaywall += o.payersAfterPaywall;
        episodeUnlocks += o.episodeUnlocks;
        seriesUnlocks += o.seriesUnlocks;
        coinsSpent += o.coinsSpent;
        refunds += o.refunds;
        coinsRefunded += o.coinsRefunded;
        return this;
    }
}
