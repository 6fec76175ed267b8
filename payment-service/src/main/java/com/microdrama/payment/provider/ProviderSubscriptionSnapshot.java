package com.microdrama.payment.provider;

import java.time.Instant;

/**
 * A subscription as the provider holds it now, read back when one of its events arrives (so that events delivered
 * late, twice or out of order all lead to the provider's current state, decision 0018).
 *
 * @param status            the provider's word: {@code incomplete}, {@code incomplete_expired}, {@code trialing},
 *                          {@code active}, {@code past_due}, {@code unpaid}, {@code canceled}, {@code paused}
 * @param periodStart       the current period (the trial while trialing)
 * @param priceId           the price it bills
 * @param planId            our plan that price belongs to, null when it is none of ours
 * @param unitAmount        that price in minor units
 */
public record ProviderSubscriptionSnapshot(String id, String status, boolean cancelAtPeriodEnd, Instant periodStart,
                                           Instant periodEnd, String priceId, String planId, Long unitAmount,
                                           String currency) {
}
