package com.microdrama.events.payload;

/** Catalog state of one episode; the latest event per episode id is its current state (compacted topic). */
public record EpisodeUpdated(
        String episodeId,
        String seriesId,
        int number,
        boolean free,
        int priceCoins,
        boolean published) {
}
