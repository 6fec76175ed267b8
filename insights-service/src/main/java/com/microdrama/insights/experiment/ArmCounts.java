package com.microdrama.insights.experiment;

/**
 * One arm of a paywall experiment on a series (a row of store {@code experiments}, key series|experiment|variant):
 * first times per viewer, so the counts are distinct viewers, and the coins with the sum of squares of each viewer's
 * net total, from which the variance of coins per viewer follows (docs/decisions/0036-paywall-experiments.md).
 */
public final class ArmCounts {
    /** Signed-in viewers whose first fact of the experiment fell in this arm. */
    public long viewers;
    /** ...of them, those who met the paywall. */
    public long paywallViewers;
    /** ...of them, those who unlocked an episode or the series at least once (a refund does not take it back). */
    public long payers;
    /** Coins spent on unlocks, net of their refunds. */
    public long coinsSpent;
    /** The sum over the arm's viewers of (their net coins)²; a viewer who spent nothing adds 0. */
    public long coinsSquared;

    public ArmCounts add(ArmCounts o) {
        viewers += o.viewers;
        paywallViewers += o.paywallViewers;
        payers += o.payers;
        coinsSpent += o.coinsSpent;
        coinsSquared += o.coinsSquared;
        return this;
    }

    boolean isEmpty() {
        return viewers == 0 && paywallViewers == 0 && payers == 0 && coinsSpent == 0 && coinsSquared == 0;
    }
}
