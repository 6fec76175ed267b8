package com.microdrama.insights.revenue;

import java.math.BigDecimal;

/** Coin-pack money of one day, currency and provider (a row of store {@code revenue}). */
public final class RevenueCounts {
    public long purchases;
    /** What buyers paid, before the stores' or Stripe's fees and taxes. */
    public BigDecimal gross = BigDecimal.ZERO;
    public long coinsSold;
    public long refunds;
    public BigDecimal refunded = BigDecimal.ZERO;

    public RevenueCounts add(RevenueFact fact) {
        if (fact.refund()) {
            refunds++;
            refunded = refunded.add(fact.amount());
        } else {
            purchases++;
            gross = gross.add(fact.amount());
            coinsSold += fact.coins();
        }
        return this;
    }

    public RevenueCounts add(RevenueCounts o) {
        purchases += o.purchases;
        gross = gross.add(o.gross);
        coinsSold += o.coinsSold;
        refunds += o.refunds;
        refunded = refunded.add(o.refunded);
        return this;
    }
}
