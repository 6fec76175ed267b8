package com.microdrama.insights.funnel;

import java.util.BitSet;

/**
 * What the funnel remembers of one viewer of one series (store {@code viewers}, key series|viewer): which first
 * times are behind them, the episodes they reached, and the region and language of their last viewing fact, under
 * which their unlocks are counted (payment events carry neither).
 */
public final class ViewerState {
    public boolean played;
    public boolean metPaywall;
    public boolean paid;
    public String region;
    public String language;
    /** Episode numbers reached, as BitSet.toLongArray(). */
    public long[] reached = new long[0];

    /** Marks episode {@code number} reached; true if it was not before. */
    boolean reach(int number) {
        BitSet bits = BitSet.valueOf(reached);
        if (bits.get(number)) {
            return false;
        }
        bits.set(number);
        reached = bits.toLongArray();
        return true;
    }
}
