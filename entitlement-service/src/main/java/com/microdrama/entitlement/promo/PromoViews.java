package com.microdrama.entitlement.promo;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;

/** JSON shapes of the region promo admin API. */
public final class PromoViews {
    private PromoViews() {
    }

    /** {@code validFrom} defaults to now; every other field is required. */
    public record PromoRequest(
            @NotBlank @Size(max = 200) String seriesId,
            @NotNull @Size(min = 1, max = PromoRules.MAX_REGIONS) List<
                    @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be two capital letters (ISO 3166-1 alpha-2)")
                    String> regions,
            Instant validFrom,
            @NotNull Instant validUntil,
            @NotBlank @Size(max = 500) String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PromoView(UUID id, String seriesId, List<String> regions, Instant validFrom, Instant validUntil,
                            String reason, String state, String createdBy, Instant createdAt,
                            Instant endedAt, String endedBy, String endReason) {

        static PromoView of(RegionPromo p, Instant now) {
            return new PromoView(p.id, p.seriesId, List.copyOf(new TreeSet<>(p.regions)), p.validFrom,
                    p.validUntil, p.reason, p.stateAt(now).name().toLowerCase(Locale.ROOT), p.createdBy,
                    p.createdAt, p.endedAt, p.endedBy, p.endReason);
        }
    }

    public record PromoPage(List<PromoView> items, int page, int size, long total) {
    }
}
