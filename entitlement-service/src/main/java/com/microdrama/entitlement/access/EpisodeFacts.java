package com.microdrama.entitlement.access;

import java.util.Objects;

/** What the catalog projection knows about an episode, as far as access is concerned. */
public record EpisodeFacts(String episodeId, String seriesId, int number, boolean free) {
    public EpisodeFacts {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(seriesId, "seriesId");
    }
}
