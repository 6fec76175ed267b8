package com.microdrama.entitlement.catalog;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;

/** Turns a catalog-events envelope into a projection change; anything else is an invalid (dead-letter) event. */
public final class CatalogEventReader {

    private CatalogEventReader() {
    }

    public static CatalogChange read(EventEnvelope event) {
        if (event.type().equals(EventTypes.EPISODE_UPDATED)) {
            EpisodeUpdated e = event.dataAs(EpisodeUpdated.class);
            required(e.episodeId(), "episodeId", event.type());
            required(e.seriesId(), "seriesId", event.type());
            return new CatalogChange.Episode(e);
        }
        if (event.type().equals(EventTypes.SERIES_UPDATED)) {
            SeriesUpdated s = event.dataAs(SeriesUpdated.class);
            required(s.seriesId(), "seriesId", event.type());
            return new CatalogChange.Series(s);
        }
        throw new InvalidEventException("unknown event type '" + event.type() + "' on catalog-events");
    }

    private static void required(String value, String field, String type) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("'" + field + "' is missing in " + type);
        }
    }
}
