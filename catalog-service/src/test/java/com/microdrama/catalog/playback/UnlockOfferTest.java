package com.microdrama.catalog.playback;

import com.microdrama.support.problem.Problem;
import com.microdrama.catalog.series.PlayableEpisode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnlockOfferTest {

    @Test
    void lockedEpisodeProblemOffersCoinsSeriesAndVip() {
        PlayableEpisode episode = new PlayableEpisode("mc-ep-04", "mc", 4, "mc/ep-04.m3u8", false, 60, 450,
                "Midnight Contract");

        Problem problem = UnlockOffer.episodeLocked(episode, 380).problem();

        assertEquals(402, problem.getStatus());
        assertEquals("https://microdrama.example/problems/episode-locked", problem.getType());
        assertEquals("mc-ep-04", problem.getExtensions().get("episodeId"));
        assertEquals("mc", problem.getExtensions().get("seriesId"));
        assertEquals(60, problem.getExtensions().get("priceCoins"));
        // the bundle as listed, and what this viewer would pay for the rest of the series
        assertEquals(450, problem.getExtensions().get("bundlePriceCoins"));
        assertEquals(380, problem.getExtensions().get("seriesUnlockPriceCoins"));
        assertEquals(List.of(
                Map.of("method", "coins", "priceCoins", 60, "path", "/api/payments/episode-unlocks"),
                Map.of("method", "series", "priceCoins", 380, "path", "/api/payments/series-unlocks"),
                Map.of("method", "vip", "path", "/api/payments/subscriptions")), problem.getExtensions().get("unlock"));
        assertTrue(problem.getDetail().contains("60 coins"), problem.getDetail());
        assertTrue(problem.getDetail().contains("380 coins"), problem.getDetail());
    }
}
