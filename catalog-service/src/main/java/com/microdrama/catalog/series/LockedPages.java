package com.microdrama.catalog.series;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.microdrama.catalog.entitlement.SeriesEntitlements;
import com.microdrama.catalog.experiment.ViewerOffer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The last series page with a viewer's lock state, reused while both its inputs are the very objects the caches still
 * hand out (the cached series page and the cached entitlement answer). Any change of either (an admin write, an
 * entitlement event, an expiry) yields a new object, so an identity check is enough to know the page is current.
 * A viewer who reopens a series page then costs no new 100-episode view, which at thousands of pages a second
 * was most of the garbage the page produced.
 */
final class LockedPages {
    private final Cache<List<String>, Entry> pages;

    LockedPages(long maxPages) {
        this.pages = Caffeine.newBuilder().maximumSize(maxPages).expireAfterAccess(Duration.ofSeconds(30)).build();
    }

    /** @param offer the viewer's paywall-experiment arm (compared by value: it is rebuilt per request) */
    SeriesDetail page(String userId, SeriesDetail detail, SeriesEntitlements answer, ViewerOffer offer) {
        List<String> key = List.of(userId, detail.id(), String.valueOf(detail.language()), String.valueOf(detail.region()));
        Entry last = pages.getIfPresent(key);
        if (last != null && last.detail() == detail && last.answer() == answer && last.offer().equals(offer)) {
            return last.page();
        }
        SeriesDetail page = detail.withEpisodes(EpisodeLocks.apply(offer.apply(detail.episodes()), Optional.of(answer)),
                null);
        pages.put(key, new Entry(detail, answer, offer, page));
        return page;
    }

    private record Entry(SeriesDetail detail, SeriesEntitlements answer, ViewerOffer offer, SeriesDetail page) {
    }
}
