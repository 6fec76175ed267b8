package com.microdrama.catalog.playback;

import com.microdrama.support.problem.ProblemException;
import com.microdrama.catalog.series.PlayableEpisode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The 402 answer for a locked episode: it tells the app every way to unlock it, with prices and paths. */
public final class UnlockOffer {
    static final String EPISODE_UNLOCKS = "/api/payments/episode-unlocks";
    static final String SERIES_UNLOCKS = "/api/payments/series-unlocks";
    static final String SUBSCRIPTIONS = "/api/payments/subscriptions";

    private UnlockOffer() {
    }

    /** @param seriesUnlockPrice what the whole series costs this viewer now (SeriesUnlockPrice), charged as shown */
    public static ProblemException episodeLocked(PlayableEpisode episode, int seriesUnlockPrice) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("episodeId", episode.episodeId());
        extensions.put("seriesId", episode.seriesId());
        extensions.put("priceCoins", episode.priceCoins());
        extensions.put("bundlePriceCoins", episode.bundlePriceCoins());
        extensions.put("seriesUnlockPriceCoins", seriesUnlockPrice);
        extensions.put("unlock", List.of(
                Map.of("method", "coins", "priceCoins", episode.priceCoins(), "path", EPISODE_UNLOCKS),
                Map.of("method", "series", "priceCoins", seriesUnlockPrice, "path", SERIES_UNLOCKS),
                Map.of("method", "vip", "path", SUBSCRIPTIONS)));
        String detail = "Episode %d of '%s' is locked. Unlock it for %d coins (POST %s), unlock the whole series for %d coins (POST %s), or subscribe to VIP (POST %s)."
                .formatted(episode.number(), episode.seriesTitle(), episode.priceCoins(), EPISODE_UNLOCKS,
                        seriesUnlockPrice, SERIES_UNLOCKS, SUBSCRIPTIONS);
        return new ProblemException(402, "episode-locked", "Episode locked", detail, extensions, null);
    }
}
