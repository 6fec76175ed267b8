package com.microdrama.catalog.series;

import com.microdrama.catalog.experiment.ViewerOffer;
import com.microdrama.catalog.entitlement.SeriesEntitlements;
import com.microdrama.catalog.entitlement.SeriesEntitlements.EpisodeEntitlement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class LockedPagesTest {
    private final LockedPages pages = new LockedPages(10);
    private final SeriesDetail detail = new SeriesDetail("s", "S", null, "en", "en", List.of("drama"), "all", null, 1,
            300, "US", List.of(new EpisodeView("ep-1", 1, "One", 90, true, 0, null, null),
            new EpisodeView("ep-2", 2, "Two", 90, false, 60, null, null)), null);

    private static SeriesEntitlements answer(boolean secondAllowed) {
        return new SeriesEntitlements("s", List.of(new EpisodeEntitlement("ep-2", secondAllowed,
                secondAllowed ? "episode-purchase" : "none")));
    }

    @Test
    void theSameCachedInputsGiveTheSamePageWithoutRebuildingIt() {
        SeriesEntitlements locked = answer(false);
        SeriesDetail first = pages.page("u", detail, locked, ViewerOffer.none());

        assertSame(first, pages.page("u", detail, locked, ViewerOffer.none()));
        assertEquals(true, first.episodes().get(1).locked());
    }

    @Test
    void aNewEntitlementAnswerGivesANewPage() {
        SeriesDetail before = pages.page("u", detail, answer(false), ViewerOffer.none());
        SeriesDetail after = pages.page("u", detail, answer(true), ViewerOffer.none());

        assertNotSame(before, after);
        assertEquals(false, after.episodes().get(1).locked());
        assertEquals("episode-purchase", after.episodes().get(1).unlockReason());
    }

    @Test
    void viewersNeverShareAPage() {
        SeriesEntitlements mine = answer(true);
        pages.page("u", detail, mine, ViewerOffer.none());

        assertEquals(true, pages.page("v", detail, answer(false), ViewerOffer.none()).episodes().get(1).locked());
    }

    @Test
    void theSeriesUnlockPriceIsTheBundleOrTheStillLockedPaidEpisodesWhicheverIsLess() {
        SeriesDetail many = detail.withEpisodes(List.of(new EpisodeView("ep-1", 1, "One", 90, true, 0, null, null),
                new EpisodeView("ep-2", 2, "Two", 90, false, 200, null, null),
                new EpisodeView("ep-3", 3, "Three", 90, false, 200, null, null)), null);

        assertEquals(300, pages.page("u", many, new SeriesEntitlements("s", List.of()), ViewerOffer.none()).seriesUnlockPriceCoins());
        assertEquals(200, pages.page("u", many, new SeriesEntitlements("s", List.of(
                new EpisodeEntitlement("ep-2", true, "episode-purchase"))), ViewerOffer.none()).seriesUnlockPriceCoins());
        assertEquals(60, pages.page("u", detail, answer(false), ViewerOffer.none()).seriesUnlockPriceCoins());
        assertEquals(0, pages.page("v", detail, answer(true), ViewerOffer.none()).seriesUnlockPriceCoins());
    }
}
