package com.microdrama.entitlement.access;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** JSON shapes of the entitlement API (docs: ../shared/API.md, docs/architecture.md). */
public final class AccessViews {
    private AccessViews() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpisodeCheck(String episodeId, boolean allowed, String reason, Instant validUntil) {
        static EpisodeCheck of(String episodeId, AccessDecision d) {
            return new EpisodeCheck(episodeId, d.allowed(), d.reason().wire(), d.validUntil());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SeriesEpisode(String episodeId, int number, boolean allowed, String reason, Instant validUntil) {
        static SeriesEpisode of(EpisodeFacts episode, AccessDecision d) {
            return new SeriesEpisode(episode.episodeId(), episode.number(), d.allowed(), d.reason().wire(), d.validUntil());
        }
    }

    public record SeriesCheck(String seriesId, List<SeriesEpisode> episodes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntitlementItem(UUID id, String kind, String episodeId, String seriesId,
                                  Instant validFrom, Instant validUntil, String source) {
    }

    public record EntitlementPage(List<EntitlementItem> items, int page, int size, long total) {
    }
}
