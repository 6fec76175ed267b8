package com.microdrama.payment.unlock;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record SeriesUnlockRequest(@NotBlank @Size(max = 200) String seriesId) {
}
