package com.microdrama.catalog.series;

import com.microdrama.catalog.entitlement.SeriesEntitlements;
import com.microdrama.catalog.entitlement.SeriesEntitlements.EpisodeEntitlement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpisodeLocksTest {
    private static final List<EpisodeView> EPISODES = List.of(
            new EpisodeView("ep-1", 1, "One", 90, true, 0, null, null),
            new EpisodeView("ep-2", 2, "Two", 90, false, 60, null, null),
            new EpisodeView("ep-3", 3, "Three", 90, false, 60, null, null),
            new EpisodeView("ep-4", 4, "Four", 90, false, 60, null, null));

    @Test
    void entitledPaidEpisodesAreUnlockedWithTheirReason() {
        SeriesEntitlements answer = new SeriesEntitlements("s", List.of(
                new EpisodeEntitlement("ep-1", true, "free"),
                new EpisodeEntitlement("ep-2", true, "episode-purchase"),
                new EpisodeEntitlement("ep-3", false, "none")));

        List<EpisodeView> locked = EpisodeLocks.apply(EPISODES, Optional.of(answer));

        assertEquals(List.of(false, false, true, true), locked.stream().map(EpisodeView::locked).toList());
        assertEquals(List.of("free", "episode-purchase", "none", "none"),
                locked.stream().map(EpisodeView::unlockReason).toList());
    }

    @Test
    void withoutAnAnswerPaidEpisodesAreLockedAndFreeOnesPlay() {
        List<EpisodeView> locked = EpisodeLocks.apply(EPISODES, Optional.empty());

        assertEquals(List.of(false, true, true, true), locked.stream().map(EpisodeView::locked).toList());
        assertEquals("free", locked.get(0).unlockReason());
    }

    @Test
    void freeEpisodeStaysUnlockedEvenIfEntitlementServiceDisagrees() {
        SeriesEntitlements answer = new SeriesEntitlements("s", List.of(new EpisodeEntitlement("ep-1", false, "none")));
        assertEquals(false, EpisodeLocks.apply(EPISODES, Optional.of(answer)).get(0).locked());
    }
}
