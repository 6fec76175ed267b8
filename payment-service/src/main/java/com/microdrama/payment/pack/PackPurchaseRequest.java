package com.microdrama.payment.pack;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record PackPurchaseRequest(@NotBlank @Size(max = 100) String packId) {
}
