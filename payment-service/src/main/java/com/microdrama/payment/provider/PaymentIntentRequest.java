package com.microdrama.payment.provider;

import java.math.BigDecimal;
import java.util.UUID;

public record PaymentIntentRequest(UUID purchaseId, String userId, BigDecimal amount, String currency,
                                   String description, String idempotencyKey) {
}
