package com.microdrama.payment.refund;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Exactly one of purchaseId (a coin pack purchase), unlockId or subscriptionId. */
public record RefundRequest(@Size(max = 100) String purchaseId,
                           @Size(max = 100) String unlockId,
                           @Size(max = 100) String subscriptionId,
                           @NotBlank @Size(max = 500) String reason) {
}
