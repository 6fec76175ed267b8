package com.microdrama.entitlement.access;

import java.time.Instant;
import java.util.Objects;

/**
 * One entitlement as the policy sees it. {@code validUntil == null} means forever. A promo with neither episode nor
 * series covers the whole catalog.
 */
public record Grant(
        GrantKind kind,
        String episodeId,
        String seriesId,
        Instant validFrom,
        Instant validUntil,
        Instant revokedAt) {

    public Grant {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(validFrom, "validFrom");
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null
                && !validFrom.isAfter(now)
                && (validUntil == null || now.isBefore(validUntil));
    }

    public boolean covers(EpisodeFacts episode) {
        return switch (kind) {
            case EPISODE -> episode.episodeId().equals(episodeId);
            case SERIES -> episode.seriesId().equals(seriesId);
            case VIP -> true;
            case PROMO -> episodeId != null ? episode.episodeId().equals(episodeId)
                    : seriesId == null || episode.seriesId().equals(seriesId);
        };
    }
}
