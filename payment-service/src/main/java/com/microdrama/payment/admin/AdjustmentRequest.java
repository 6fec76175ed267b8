package com.microdrama.payment.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code coins} > 0 credits paid coins, < 0 takes coins (bonus first); never 0. */
public record AdjustmentRequest(@NotNull @Min(-1_000_000) @Max(1_000_000) Long coins,
                                @NotBlank @Size(max = 500) String reason) {
}
