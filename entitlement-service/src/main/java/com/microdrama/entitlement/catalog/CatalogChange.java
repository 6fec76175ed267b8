package com.microdrama.entitlement.catalog;

import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;

/** One state change read from catalog-events. */
public sealed interface CatalogChange {

    record Episode(EpisodeUpdated state) implements CatalogChange {
    }

    record Series(SeriesUpdated state) implements CatalogChange {
    }
}
