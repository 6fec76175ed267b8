package com.microdrama.payment.subscription;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Only the plan: price and trial come from subscription_plan. */
public record SubscriptionRequest(@NotBlank @Size(max = 100) String planId) {
}
