package com.microdrama.insights.experiment;

/**
 * What the experiment counts remember of one viewer of one experiment on one series (store
 * {@code experiment-viewers}, key series|experiment|viewer): their arm, the first times behind them and their net
 * coins, whose square the arm's sum of squares holds.
 */
public final class ExperimentViewer {
    /**
     * The arm of the viewer's first fact of the experiment. Assignment is a pure function of experiment and user
     * (decision 0036), so every later fact names the same arm; if one ever did not, the viewer stays where they were
     * first counted (intention to treat), so an arm's viewers and coins stay one population.
     */
    public String variant;
    public boolean metPaywall;
    public boolean paid;
    /** Coins spent on unlocks of the series while in the experiment, net of their refunds. */
    public long coins;
}
