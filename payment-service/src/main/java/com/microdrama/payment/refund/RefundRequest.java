package com.microdrama.payment.refund;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Exactly one of purchaseId (a coin pack purchase), unlockId or subscriptionId. {@code amount} (coin packs only)
 * refunds part of the payment; without it the whole purchase, or what is left of it, is refunded.
 */
public record RefundRequest(@Size(max = 100) String purchaseId,
                           @Size(max = 100) String unlockId,
                           @Size(max = 100) String subscriptionId,
                           @NotBlank @Size(max = 500) String reason,
                           @Valid RefundAmount amount) {

    /** Money as everywhere in the API: a decimal string with at most two decimals and an ISO 4217 code. */
    public record RefundAmount(@NotBlank @Pattern(regexp = "\\d{1,10}(\\.\\d{1,2})?", message = "must be a decimal like 1.99") String amount,
                               @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like USD") String currency) {
    }
}
