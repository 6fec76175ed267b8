package com.microdrama.entitlement.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON shapes of the admin entitlement API. */
public final class AdminViews {
    private AdminViews() {
    }

    public record PromoGrantRequest(
            @NotBlank @Size(max = 200) String userId,
            @NotNull @Pattern(regexp = "episode|series", message = "must be 'episode' or 'series'") String kind,
            @Size(max = 200) String seriesId,
            @Size(max = 200) String episodeId,
            Instant validFrom,
            Instant validUntil,
            @NotBlank @Size(max = 500) String reason) {
    }

    public record AdRewardRequest(
            @NotBlank @Size(max = 200) String userId,
            @NotBlank @Size(max = 200) String episodeId,
            @NotBlank @Size(max = 200) String adImpressionId) {
    }

    /** What granted or revoked an entitlement: a Kafka event (id, CloudEvents type) or an admin action. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(String id, String type, String actor, String reason, Instant at) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntitlementView(UUID id, String userId, String kind, String episodeId, String seriesId,
                                  Instant validFrom, Instant validUntil, String source, String reason,
                                  boolean active, boolean revoked, Instant revokedAt,
                                  Cause grantedBy, Cause revokedBy) {
    }

    public record History(String userId, List<EntitlementView> items) {
    }
}
