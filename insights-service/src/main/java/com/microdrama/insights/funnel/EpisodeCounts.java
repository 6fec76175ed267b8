package com.microdrama.insights.funnel;

/** One episode of a series on one day (a row of store {@code episodes}): what the drop-off curve is made of. */
public final class EpisodeCounts {
    public long plays;
    /** Signed-in viewers who played this episode for the first time here. */
    public long reached;
    public long paywallViews;
    public long unlocks;

    public EpisodeCounts add(EpisodeCounts o) {
        plays += o.plays;
        reached += o.reached;
        paywallViews += o.paywallViews;
        unlocks += o.unlocks;
        return this;
    }
}
