package com.microdrama.catalog.series;

import com.microdrama.catalog.entitlement.SeriesEntitlements;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides locked/unlockReason per episode for a signed-in viewer. Free is catalog's own fact and always plays;
 * a paid episode is unlocked only on a positive answer from entitlement-service, so a missing row or a missing
 * answer (service down) means locked: fail closed.
 */
public final class EpisodeLocks {
    public static final String REASON_FREE = "free";
    public static final String REASON_NONE = "none";

    private EpisodeLocks() {
    }

    public static List<EpisodeView> apply(List<EpisodeView> episodes, Optional<SeriesEntitlements> answer) {
        Map<String, SeriesEntitlements.EpisodeEntitlement> byEpisode = new HashMap<>();
        answer.map(SeriesEntitlements::episodes).orElse(List.of())
                .forEach(e -> byEpisode.put(e.episodeId(), e));
        return episodes.stream().map(episode -> {
            if (episode.free()) {
                return episode.withLock(false, REASON_FREE);
            }
            SeriesEntitlements.EpisodeEntitlement entitlement = byEpisode.get(episode.id());
            if (entitlement != null && entitlement.allowed()) {
                return episode.withLock(false, entitlement.reason());
            }
            return episode.withLock(true, REASON_NONE);
        }).toList();
    }
}
