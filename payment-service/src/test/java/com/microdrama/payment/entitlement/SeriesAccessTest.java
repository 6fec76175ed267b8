package com.microdrama.payment.entitlement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SeriesAccessTest {

    @Test
    void grantsWeDidNotSellOpenEpisodesButOurOwnPurchasesAndFreeOnesDoNot() {
        SeriesAccess access = new SeriesAccess("s", List.of(
                new SeriesAccess.Episode("ep-1", true, "free"),
                new SeriesAccess.Episode("ep-4", true, "episode-purchase"),
                new SeriesAccess.Episode("ep-5", true, "series-purchase"),
                new SeriesAccess.Episode("ep-6", true, "promo"),
                new SeriesAccess.Episode("ep-7", true, "vip"),
                new SeriesAccess.Episode("ep-8", false, "none"),
                new SeriesAccess.Episode("ep-9", true, "a-reason-added-later")));
        assertEquals(Set.of("ep-6", "ep-7", "ep-9"), access.openByGrants());
    }

    @Test
    void episodesEntitlementServiceAnswersFreeAreFreeForTheViewerAndOpenWithoutOurSale() {
        // ep-7: free through the viewer's paywall-experiment arm or an earlier exposure (decision 0036)
        SeriesAccess access = new SeriesAccess("s", List.of(
                new SeriesAccess.Episode("ep-1", true, "free"),
                new SeriesAccess.Episode("ep-7", true, "free"),
                new SeriesAccess.Episode("ep-8", false, "free"),
                new SeriesAccess.Episode("ep-4", true, "episode-purchase"),
                new SeriesAccess.Episode("ep-5", true, "series-purchase"),
                new SeriesAccess.Episode("ep-6", true, "promo"),
                new SeriesAccess.Episode("ep-9", false, "none")));
        assertEquals(Set.of("ep-1", "ep-7"), access.freeToViewer());
        assertEquals(Set.of("ep-6"), access.openByGrants());
        assertEquals(Set.of("ep-1", "ep-7", "ep-6"), access.openWithoutOurSale());
    }

    @Test
    void anAnswerWithoutEpisodesOpensNothing() {
        assertEquals(Set.of(), new SeriesAccess("s", null).openByGrants());
        assertEquals(Set.of(), new SeriesAccess("s", null).freeToViewer());
    }
}
