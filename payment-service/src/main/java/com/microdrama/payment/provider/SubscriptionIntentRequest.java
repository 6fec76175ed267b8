package com.microdrama.payment.provider;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * {@code subscriptionId} goes to the provider as metadata, so its webhooks can name our subscription;
 * {@code customerId} is the user's stored customer at the provider, null when there is none yet.
 */
public record SubscriptionIntentRequest(UUID subscriptionId, String userId, String planId, BigDecimal amount,
                                        String currency, int trialDays, String idempotencyKey, String customerId) {
}
