package com.microdrama.events.catalog;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.experiment.PaywallExperiment;
import com.microdrama.events.experiment.PaywallVariant;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogEventReaderTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void anEpisodeStateIsReadWithItsEventId() {
        EpisodeUpdated state = new EpisodeUpdated("ep-4", "s-1", 4, false, 80, true);
        CatalogRecord read = CatalogEventReader.read("ep-4", event("evt-1", EventTypes.EPISODE_UPDATED, "ep-4", state));
        assertEquals(new CatalogRecord.Episode("evt-1", state), read);
    }

    @Test
    void aSeriesStateIsReadWithRegionsAndTiersInCapitalsSortedAndWithoutRepeats() {
        SeriesUpdated state = new SeriesUpdated("s-1", 10, 3, 900, true, Map.of("br", 50, "DE", 120),
                List.of("de", "AT", "DE"), "16+");
        CatalogRecord read = CatalogEventReader.read("s-1", event("evt-2", EventTypes.SERIES_UPDATED, "s-1", state));
        SeriesUpdated series = assertInstanceOf(CatalogRecord.Series.class, read).state();
        assertEquals(Map.of("BR", 50, "DE", 120), series.regionalPricePercent());
        assertEquals(List.of("AT", "DE"), series.regions());
        assertEquals(900, series.bundlePriceCoins());
        assertEquals("16+", series.ageRating());
        assertEquals("evt-2", ((CatalogRecord.Series) read).eventId());
    }

    @Test
    void aSeriesEventWrittenBeforeTiersRegionsAndRatingTravelledIsStillRead() {
        Map<String, Object> data = Map.of("seriesId", "s-1", "episodeCount", 10, "freeEpisodes", 3,
                "bundlePriceCoins", 900, "published", true);
        SeriesUpdated series = assertInstanceOf(CatalogRecord.Series.class,
                CatalogEventReader.read("s-1", event("evt-3", EventTypes.SERIES_UPDATED, "s-1", data))).state();
        assertEquals(Map.of(), series.regionalPricePercent());
        assertEquals(List.of(), series.regions());
        assertEquals(null, series.ageRating());
    }

    @Test
    void aSeriesCarriesItsRunningExperimentAndOneThatBreaksARuleIsDeadLettered() {
        PaywallExperiment running = new PaywallExperiment("exp-1", AT, List.of(
                new PaywallVariant("A", 50, null, null), new PaywallVariant("B", 50, 8, 60)));
        SeriesUpdated state = new SeriesUpdated("s-1", 10, 3, 900, true, Map.of(), List.of(), "all", running,
                "creator-7");
        SeriesUpdated read = assertInstanceOf(CatalogRecord.Series.class,
                CatalogEventReader.read("s-1", event("evt-4", EventTypes.SERIES_UPDATED, "s-1", state))).state();
        assertEquals(running, read.experiment());
        assertEquals("creator-7", read.creatorId());

        PaywallExperiment lopsided = new PaywallExperiment("exp-2", AT, List.of(
                new PaywallVariant("A", 50, null, null), new PaywallVariant("B", 40, 8, null)));
        assertDeadLetter(CatalogEventReader.read("s-1", event("evt-5", EventTypes.SERIES_UPDATED, "s-1",
                new SeriesUpdated("s-1", 10, 3, 900, true, Map.of(), List.of(), "all", lopsided))), "add up to 90");
        PaywallExperiment free = new PaywallExperiment("exp-3", AT, List.of(
                new PaywallVariant("A", 50, null, null), new PaywallVariant("B", 50, null, 0)));
        assertDeadLetter(CatalogEventReader.read("s-1", event("evt-6", EventTypes.SERIES_UPDATED, "s-1",
                new SeriesUpdated("s-1", 10, 3, 900, true, Map.of(), List.of(), "all", free))), "episodePriceCoins");
    }

    @Test
    void aTombstoneDeletesItsKey() {
        assertEquals(new CatalogRecord.Delete("ep-4"), CatalogEventReader.read("ep-4", null));
    }

    @Test
    void aTombstoneWithoutAKeyIsDeadLettered() {
        assertDeadLetter(CatalogEventReader.read(null, null), "without a key");
        assertDeadLetter(CatalogEventReader.read(" ", null), "without a key");
    }

    @Test
    void anUnknownTypeIsSkippedNotDeadLettered() {
        CatalogRecord read = CatalogEventReader.read("x-1",
                event("evt-4", "com.microdrama.catalog.trailer-updated.v1", "x-1", Map.of("trailerId", "x-1")));
        assertTrue(assertInstanceOf(CatalogRecord.Skip.class, read).reason().contains("trailer-updated.v1"));
    }

    @Test
    void aNewerMajorVersionOfAKnownTypeIsSkipped() {
        CatalogRecord read = CatalogEventReader.read("ep-4", event("evt-5", "com.microdrama.catalog.episode-updated.v2",
                "ep-4", Map.of("episodeId", "ep-4", "priceCoins", -1)));
        assertInstanceOf(CatalogRecord.Skip.class, read);
    }

    @Test
    void aValueThatIsNotACloudEventsEnvelopeIsDeadLettered() {
        assertDeadLetter(CatalogEventReader.read("ep-4", "{broken"), "not a CloudEvents JSON envelope");
        assertDeadLetter(CatalogEventReader.read("ep-4", "{\"specversion\":\"1.0\",\"source\":\"/catalog-service\","
                + "\"type\":\"" + EventTypes.EPISODE_UPDATED + "\",\"subject\":\"ep-4\",\"time\":\"2026-11-24T10:00:00Z\","
                + "\"data\":{}}"), "'id' is missing");
    }

    @Test
    void aPayloadThatDoesNotFitItsTypeIsDeadLettered() {
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-4", episodeData("ep-4", "s-1", false, "eighty")),
                "does not fit EpisodeUpdated");
    }

    @Test
    void aNegativePriceIsDeadLetteredForPaidAndFreeEpisodesAndForTheBundle() {
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-4", episodeData("ep-4", "s-1", false, -80)), "priceCoins");
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-1", episodeData("ep-1", "s-1", true, -1)), "priceCoins");
        assertDeadLetter(read(EventTypes.SERIES_UPDATED, "s-1", seriesData("s-1", -900)), "bundlePriceCoins");
    }

    @Test
    void aPriceThatIsNotAWholeNumberOfCoinsIsDeadLettered() {
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-4", episodeData("ep-4", "s-1", false, 79.5)), "priceCoins");
    }

    @Test
    void aPaidEpisodeOrASeriesWithoutAPriceIsDeadLetteredAFreeEpisodeNeedsNone() {
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-4", episodeData("ep-4", "s-1", false, null)),
                "'priceCoins' is missing");
        assertDeadLetter(read(EventTypes.SERIES_UPDATED, "s-1", seriesData("s-1", null)), "'bundlePriceCoins' is missing");
        EpisodeUpdated free = assertInstanceOf(CatalogRecord.Episode.class,
                read(EventTypes.EPISODE_UPDATED, "ep-1", episodeData("ep-1", "s-1", true, null))).state();
        assertEquals(0, free.priceCoins());
    }

    @Test
    void missingIdsAreDeadLettered() {
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-4", episodeData(null, "s-1", false, 80)), "'episodeId' is missing");
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-4", episodeData("ep-4", " ", false, 80)), "'seriesId' is missing");
        assertDeadLetter(read(EventTypes.SERIES_UPDATED, "s-1", seriesData(null, 900)), "'seriesId' is missing");
    }

    @Test
    void anEventUnderAnotherKeyThanItsIdIsDeadLettered() {
        assertDeadLetter(read(EventTypes.EPISODE_UPDATED, "ep-5", episodeData("ep-4", "s-1", false, 80)),
                "record key 'ep-5'");
        assertDeadLetter(read(EventTypes.SERIES_UPDATED, "s-2", seriesData("s-1", 900)), "record key 's-2'");
    }

    @Test
    void aLicenceRegionThatIsNotARegionCodeIsDeadLettered() {
        SeriesUpdated state = new SeriesUpdated("s-1", 10, 3, 900, true, Map.of(), List.of("DE", "Germany"), "all");
        assertDeadLetter(CatalogEventReader.read("s-1", event("evt-6", EventTypes.SERIES_UPDATED, "s-1", state)),
                "licence region 'Germany'");
        SeriesUpdated unknownCode = new SeriesUpdated("s-1", 10, 3, 900, true, Map.of(), List.of("XX"), "all");
        assertDeadLetter(CatalogEventReader.read("s-1", event("evt-7", EventTypes.SERIES_UPDATED, "s-1", unknownCode)),
                "licence region 'XX'");
    }

    @Test
    void aPriceTierWeCouldNotChargeByIsDeadLettered() {
        assertDeadLetter(series(Map.of("Brazil", 50)), "not a region code");
        assertDeadLetter(series(Map.of("BR", 0)), "outside 1..1000");
        assertDeadLetter(series(Map.of("BR", 1001)), "outside 1..1000");
        assertDeadLetter(series(Map.of("br", 50, "BR", 60)), "named twice");
        Map<String, Object> nullTier = new LinkedHashMap<>();
        nullTier.put("BR", null);
        Map<String, Object> data = new LinkedHashMap<>(seriesData("s-1", 900));
        data.put("regionalPricePercent", nullTier);
        assertDeadLetter(read(EventTypes.SERIES_UPDATED, "s-1", data), "does not fit SeriesUpdated");
    }

    @Test
    void theSameRecordReadTwiceGivesTheSameOutcome() {
        String value = event("evt-8", EventTypes.EPISODE_UPDATED, "ep-4", new EpisodeUpdated("ep-4", "s-1", 4, false, 80, true));
        assertEquals(CatalogEventReader.read("ep-4", value), CatalogEventReader.read("ep-4", value));
    }

    private static CatalogRecord series(Map<String, Integer> tiers) {
        return CatalogEventReader.read("s-1", event("evt-9", EventTypes.SERIES_UPDATED, "s-1",
                new SeriesUpdated("s-1", 10, 3, 900, true, tiers, List.of(), "all")));
    }

    private static CatalogRecord read(String type, String key, Map<String, Object> data) {
        return CatalogEventReader.read(key, event("evt-10", type, key, data));
    }

    private static Map<String, Object> episodeData(String episodeId, String seriesId, boolean free, Object priceCoins) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("episodeId", episodeId);
        data.put("seriesId", seriesId);
        data.put("number", 4);
        data.put("free", free);
        if (priceCoins != null) {
            data.put("priceCoins", priceCoins);
        }
        data.put("published", true);
        return data;
    }

    private static Map<String, Object> seriesData(String seriesId, Integer bundlePriceCoins) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seriesId", seriesId);
        data.put("episodeCount", 10);
        data.put("freeEpisodes", 3);
        if (bundlePriceCoins != null) {
            data.put("bundlePriceCoins", bundlePriceCoins);
        }
        data.put("published", true);
        return data;
    }

    private static String event(String id, String type, String subject, Object data) {
        return EventEnvelope.of(id, "/catalog-service", type, subject, AT, data).toJson();
    }

    private static void assertDeadLetter(CatalogRecord read, String reasonPart) {
        String reason = assertInstanceOf(CatalogRecord.DeadLetter.class, read).reason();
        assertTrue(reason.contains(reasonPart), () -> "reason '" + reason + "' should mention '" + reasonPart + "'");
    }
}
