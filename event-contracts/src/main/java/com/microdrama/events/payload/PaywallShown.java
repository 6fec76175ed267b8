package com.microdrama.events.payload;

import java.time.Instant;

/**
 * A signed-in viewer asked to play a paid episode they may not play and got the unlock offer (the 402), with the
 * prices it showed them: what they would have paid in their region. An analytics fact on viewing-events.
 *
 * @param viewerId               the viewer's pseudonym (a paywall is only shown to a signed-in viewer)
 * @param priceCoins             the episode's price offered
 * @param seriesUnlockPriceCoins what the whole series cost this viewer at that moment
 */
public record PaywallShown(
        String viewerId,
        String seriesId,
        String episodeId,
        int episodeNumber,
        int priceCoins,
        int seriesUnlockPriceCoins,
        String region,
        String language,
        Instant shownAt) {
}
