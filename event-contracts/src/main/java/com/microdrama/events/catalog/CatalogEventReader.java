package com.microdrama.events.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;
import com.microdrama.events.pricing.RegionCodes;
import com.microdrama.events.pricing.RegionalPricing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one reading of a catalog-events record (key and value as they are on the topic) for every consumer, so the
 * same record has the same outcome everywhere (docs/decisions/0004-catalog-events-consumers.md):
 * <ul>
 *   <li>a null value (tombstone) with a key → {@link CatalogRecord.Delete};</li>
 *   <li>a type this reader does not know, a newer major version included → {@link CatalogRecord.Skip}: producers
 *       may add types before every consumer reads them;</li>
 *   <li>a known type that cannot be read or breaks a rule → {@link CatalogRecord.DeadLetter}: missing ids, a key
 *       that is not the id the event describes, a price that is negative, not a whole number or absent where one is
 *       required (a paid episode, a series' bundle), a licence region or a price tier region that is not an ISO
 *       3166-1 alpha-2 code, a tier outside {@link RegionalPricing#MIN_PERCENT}..{@link RegionalPricing#MAX_PERCENT}
 *       or named twice, a paywall experiment breaking
 *       {@link com.microdrama.events.experiment.PaywallExperiment#violation()}. Nothing of such a record is applied;</li>
 *   <li>anything else → {@link CatalogRecord.Episode} or {@link CatalogRecord.Series}, the full state to apply.</li>
 * </ul>
 * A record that is not a CloudEvents envelope at all cannot say its type and is dead-lettered.
 */
public final class CatalogEventReader {

    private CatalogEventReader() {
    }

    /** @param key the record key (an episode or series id); @param value the record value, null for a tombstone */
    public static CatalogRecord read(String key, String value) {
        if (value == null) {
            return blank(key)
                    ? new CatalogRecord.DeadLetter("a tombstone without a key names nothing to delete")
                    : new CatalogRecord.Delete(key);
        }
        try {
            EventEnvelope event = EventEnvelope.parse(value);
            return switch (event.type()) {
                case EventTypes.EPISODE_UPDATED -> episode(key, event);
                case EventTypes.SERIES_UPDATED -> series(key, event);
                default -> new CatalogRecord.Skip("event type '" + event.type() + "' is not one this consumer reads");
            };
        } catch (InvalidEventException e) {
            return new CatalogRecord.DeadLetter(e.getMessage());
        }
    }

    private static CatalogRecord episode(String key, EventEnvelope event) {
        EpisodeUpdated e = event.dataAs(EpisodeUpdated.class);
        requireId(e.episodeId(), "episodeId", event);
        requireId(e.seriesId(), "seriesId", event);
        requireKey(key, e.episodeId(), event);
        requirePrice(event.data(), "priceCoins", !e.free(), event);
        return new CatalogRecord.Episode(event.id(), e);
    }

    private static CatalogRecord series(String key, EventEnvelope event) {
        SeriesUpdated s = event.dataAs(SeriesUpdated.class);
        requireId(s.seriesId(), "seriesId", event);
        requireKey(key, s.seriesId(), event);
        requirePrice(event.data(), "bundlePriceCoins", true, event);
        if (s.experiment() != null) {
            String violation = s.experiment().violation();
            if (violation != null) {
                throw new InvalidEventException("experiment of " + event.type() + " " + event.id() + ": " + violation);
            }
        }
        return new CatalogRecord.Series(event.id(), new SeriesUpdated(s.seriesId(), s.episodeCount(),
                s.freeEpisodes(), s.bundlePriceCoins(), s.published(), tiers(s.regionalPricePercent()),
                regions(s.regions()), s.ageRating(), s.experiment(), s.creatorId()));
    }

    /** Price tiers by region in capitals; one we could not charge by makes the whole event invalid. */
    private static Map<String, Integer> tiers(Map<String, Integer> raw) {
        Map<String, Integer> tiers = new TreeMap<>();
        raw.forEach((region, percent) -> {
            String code = RegionCodes.normalize(region).orElseThrow(() ->
                    new InvalidEventException("regional price tier for '" + region + "', not a region code"));
            if (percent == null || percent < RegionalPricing.MIN_PERCENT || percent > RegionalPricing.MAX_PERCENT) {
                throw new InvalidEventException("regional price tier " + region + "=" + percent + " is outside "
                        + RegionalPricing.MIN_PERCENT + ".." + RegionalPricing.MAX_PERCENT + " %");
            }
            if (tiers.put(code, percent) != null) {
                throw new InvalidEventException("regional price tier for " + code + " named twice");
            }
        });
        return tiers;
    }

    /** Licence regions in capitals, sorted, without repeats; one that is not a region code invalidates the event. */
    private static List<String> regions(List<String> raw) {
        TreeSet<String> regions = new TreeSet<>();
        for (String region : raw) {
            regions.add(RegionCodes.normalize(region).orElseThrow(() ->
                    new InvalidEventException("licence region '" + region + "' is not a region code")));
        }
        return List.copyOf(regions);
    }

    private static void requireId(String value, String field, EventEnvelope event) {
        if (blank(value)) {
            throw new InvalidEventException("'" + field + "' is missing in " + event.type() + " " + event.id());
        }
    }

    /**
     * On a compacted topic the key is what a later tombstone deletes: an event under another key would outlive the
     * deletion of its own id.
     */
    private static void requireKey(String key, String id, EventEnvelope event) {
        if (key != null && !key.equals(id)) {
            throw new InvalidEventException("record key '" + key + "' is not the id '" + id + "' that "
                    + event.type() + " " + event.id() + " describes");
        }
    }

    /** A price is a whole number of coins, never negative; {@code required} when the item is sold. */
    private static void requirePrice(JsonNode data, String field, boolean required, EventEnvelope event) {
        JsonNode price = data.get(field);
        if (price == null || price.isNull()) {
            if (required) {
                throw new InvalidEventException("'" + field + "' is missing in " + event.type() + " " + event.id());
            }
            return;
        }
        if (!price.isIntegralNumber() || price.asLong() < 0 || !price.canConvertToInt()) {
            throw new InvalidEventException("'" + field + "' = " + price + " in " + event.type() + " " + event.id()
                    + " is not a whole, non-negative number of coins");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
