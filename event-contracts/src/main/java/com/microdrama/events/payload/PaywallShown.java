package com.microdrama.events.payload;

import java.time.Instant;

/**
 * A signed-in viewer asked to play a paid episode they may not play and got the unlock offer (the 402), with the
 * prices it showed them: what they would have paid in their region. An analytics fact on viewing-events.
 *
 * @param viewerId               the viewer's pseudonym (a paywall is only shown to a signed-in viewer)
 * @param priceCoins             the episode's price offered
 * @param seriesUnlockPriceCoins what the whole series cost this viewer at that moment
 * @param experimentId           the paywall experiment the viewer was in on this series, null when none ran
 * @param variant                the name of their arm of it (docs/decisions/0036-paywall-experiments.md)
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
        Instant shownAt,
        String experimentId,
        String variant) {

    /** Without an experiment (the shape before experiments travelled). */
    public PaywallShown(String viewerId, String seriesId, String episodeId, int episodeNumber, int priceCoins,
            int seriesUnlockPriceCoins, String region, String language, Instant shownAt) {
        this(viewerId, seriesId, episodeId, episodeNumber, priceCoins, seriesUnlockPriceCoins, region, language,
                shownAt, null, null);
    }
}
