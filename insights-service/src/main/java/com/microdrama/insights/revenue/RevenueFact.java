package com.microdrama.insights.revenue;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Money in or out for coin packs, in the currency the buyer paid: a purchase (its price) or a refund (what it gave
 * back, a part for a partial refund). Keyed day|currency|provider on the way to store {@code revenue}.
 */
public record RevenueFact(boolean refund, String currency, String provider, BigDecimal amount, long coins, Instant at) {
}
