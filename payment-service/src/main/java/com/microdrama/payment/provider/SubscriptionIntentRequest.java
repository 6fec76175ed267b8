package com.microdrama.payment.provider;

import java.math.BigDecimal;
import java.util.UUID;

/** {@code subscriptionId} goes to the provider as metadata, so its webhooks can name our subscription. */
public record SubscriptionIntentRequest(UUID subscriptionId, String userId, String planId, BigDecimal amount,
                                        String currency, int trialDays, String idempotencyKey) {
}
