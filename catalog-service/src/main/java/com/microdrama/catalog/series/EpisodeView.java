package com.microdrama.catalog.series;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An episode on the series page. {@code locked} and {@code unlockReason} are only present for a signed-in viewer:
 * for an anonymous one they are unknown, not false.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpisodeView(String id, int number, String title, int durationSeconds, boolean free, int priceCoins,
                          Boolean locked, String unlockReason) {

    /** The episode as one viewer is offered it (their paywall-experiment arm: free, or at another price). */
    public EpisodeView withOffer(boolean free, int priceCoins) {
        return new EpisodeView(id, number, title, durationSeconds, free, priceCoins, locked, unlockReason);
    }

    public EpisodeView withLock(boolean locked, String unlockReason) {
        return new EpisodeView(id, number, title, durationSeconds, free, priceCoins, locked, unlockReason);
    }
}
