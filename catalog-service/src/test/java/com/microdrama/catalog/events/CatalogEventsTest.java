package com.microdrama.catalog.events;

import com.microdrama.catalog.region.SeriesRegionPrice;
import com.microdrama.catalog.series.Episode;
import com.microdrama.catalog.series.Series;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogEventsTest {
    private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

    private static Series series(String id, boolean published) {
        Series s = new Series();
        s.id = id;
        s.episodePriceCoins = 60;
        s.bundlePriceCoins = 450;
        s.published = published;
        return s;
    }

    private static Episode episode(String seriesId, int number, boolean free, Integer price, boolean published) {
        Episode e = new Episode();
        e.id = seriesId + "-ep-" + number;
        e.seriesId = seriesId;
        e.number = number;
        e.free = free;
        e.priceCoins = price;
        e.published = published;
        return e;
    }

    private static SeriesRegionPrice tier(String seriesId, String region, int percent) {
        SeriesRegionPrice t = new SeriesRegionPrice();
        t.seriesId = seriesId;
        t.region = region;
        t.pricePercent = percent;
        return t;
    }

    /** The events for one series and all its episodes, every row marked (series marker first, as at startup). */
    private static List<CatalogEvents.KeyedEvent> allMarked(Series s, List<Episode> episodes) {
        List<CatalogChanges.Marker> markers = new ArrayList<>();
        markers.add(new CatalogChanges.Marker(CatalogChanges.SERIES, s.id, 0));
        episodes.forEach(e -> markers.add(new CatalogChanges.Marker(CatalogChanges.EPISODE, e.id, markers.size())));
        return CatalogEvents.forMarkers(markers, episodes, List.of(s), episodes, List.of(), List.of(), AT).stream()
                .map(CatalogEvents.Outgoing::event).toList();
    }

    @Test
    void episodeEventCarriesEffectivePriceAndIsKeyedByEpisodeId() {
        List<CatalogEvents.KeyedEvent> events = allMarked(series("s", true), List.of(
                episode("s", 1, true, null, true), episode("s", 2, false, null, true), episode("s", 3, false, 120, true)));

        assertEquals(4, events.size());
        CatalogEvents.KeyedEvent first = events.get(0);
        assertEquals("s-ep-1", first.key());
        assertEquals("s-ep-1", first.envelope().subject());
        assertEquals("/catalog-service", first.envelope().source());
        assertEquals(EventTypes.EPISODE_UPDATED, first.envelope().type());
        assertEquals(new EpisodeUpdated("s-ep-1", "s", 1, true, 0, true), first.envelope().dataAs(EpisodeUpdated.class));
        assertEquals(60, events.get(1).envelope().dataAs(EpisodeUpdated.class).priceCoins());
        assertEquals(120, events.get(2).envelope().dataAs(EpisodeUpdated.class).priceCoins());
    }

    @Test
    void seriesEventCountsPublishedEpisodesAndComesAfterItsEpisodes() {
        List<CatalogEvents.KeyedEvent> events = allMarked(series("s", true), List.of(
                episode("s", 1, true, null, true), episode("s", 2, false, null, true), episode("s", 3, false, null, false)));

        CatalogEvents.KeyedEvent last = events.get(events.size() - 1);
        assertEquals("s", last.key());
        assertEquals(EventTypes.SERIES_UPDATED, last.envelope().type());
        assertEquals(new SeriesUpdated("s", 2, 1, 450, true), last.envelope().dataAs(SeriesUpdated.class));
    }

    @Test
    void episodesOfAnUnpublishedSeriesAreNotPublished() {
        List<CatalogEvents.KeyedEvent> events = allMarked(series("s", false),
                List.of(episode("s", 1, false, null, true)));

        assertEquals(false, events.get(0).envelope().dataAs(EpisodeUpdated.class).published());
        assertEquals(false, events.get(1).envelope().dataAs(SeriesUpdated.class).published());
    }

    @Test
    void markersBecomeCurrentStateEpisodesFirstAndVanishedRowsSendNothing() {
        Series s = series("s", true);
        Episode e1 = episode("s", 1, false, 75, true);
        List<CatalogChanges.Marker> markers = List.of(new CatalogChanges.Marker("series", "s", 1),
                new CatalogChanges.Marker("episode", "s-ep-1", 2), new CatalogChanges.Marker("episode", "gone", 3));

        List<CatalogEvents.Outgoing> out = CatalogEvents.forMarkers(markers, List.of(e1), List.of(s), List.of(e1),
                List.of(), List.of(), AT);

        assertEquals(3, out.size());
        assertEquals(2, out.get(0).marker().seq());
        assertEquals(new EpisodeUpdated("s-ep-1", "s", 1, false, 75, true),
                out.get(0).event().envelope().dataAs(EpisodeUpdated.class));
        assertEquals(3, out.get(1).marker().seq());
        assertEquals(null, out.get(1).event());
        assertEquals(new SeriesUpdated("s", 1, 0, 450, true), out.get(2).event().envelope().dataAs(SeriesUpdated.class));
        assertEquals("s", out.get(2).event().key());
    }

    @Test
    void seriesEventCarriesTheSeriesOwnRegionalTiersOnly() {
        Series s = series("s", true);
        Series other = series("o", true);
        List<CatalogChanges.Marker> markers = List.of(new CatalogChanges.Marker(CatalogChanges.SERIES, "s", 1),
                new CatalogChanges.Marker(CatalogChanges.SERIES, "o", 2));

        List<CatalogEvents.Outgoing> out = CatalogEvents.forMarkers(markers, List.of(), List.of(s, other), List.of(),
                List.of(tier("s", "IN", 50), tier("s", "BR", 80), tier("x", "DE", 120)), List.of(), AT);

        SeriesUpdated withTiers = out.get(0).event().envelope().dataAs(SeriesUpdated.class);
        assertEquals(Map.of("IN", 50, "BR", 80), withTiers.regionalPricePercent());
        assertEquals(225, withTiers.priceIn("in", 450));
        SeriesUpdated withoutTiers = out.get(1).event().envelope().dataAs(SeriesUpdated.class);
        assertEquals(Map.of(), withoutTiers.regionalPricePercent());
        assertEquals(450, withoutTiers.priceIn("IN", 450));
    }

    @Test
    void tiersAreInTheJsonOfTheEnvelope() {
        CatalogEvents.KeyedEvent event = CatalogEvents.seriesUpdated(series("s", true), List.of(), Map.of("IN", 50), null, AT);

        String json = event.envelope().toJson();
        assertTrue(json.contains("\"regionalPricePercent\":{\"IN\":50}"), json);
    }

    @Test
    void aSeriesEventCarriesItsLicenceRegionsAndAgeRating() {
        Series s = series("s", true);
        s.regions = new String[]{"DE", "AT"};
        s.ageRating = "16+";
        SeriesUpdated data = CatalogEvents.seriesUpdated(s, List.of(), Map.of(), null, AT).envelope().dataAs(SeriesUpdated.class);
        assertEquals(List.of("DE", "AT"), data.regions());
        assertEquals("16+", data.ageRating());
    }
}
