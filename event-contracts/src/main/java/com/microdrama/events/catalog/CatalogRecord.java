package com.microdrama.events.catalog;

import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.EpisodeUpdated;
import com.microdrama.events.payload.SeriesUpdated;

/**
 * What one catalog-events record means to a consumer, decided once by {@link CatalogEventReader} for every service
 * that projects the topic (docs/decisions/0004-catalog-events-consumers.md). A service only decides how it applies
 * an {@link Episode}, a {@link Series} or a {@link Delete} to its own tables.
 */
public sealed interface CatalogRecord {

    /** The newest state of an episode, checked against every rule: apply it whole. */
    record Episode(String eventId, EpisodeUpdated state) implements CatalogRecord {
    }

    /**
     * The newest state of a series, checked against every rule: apply it whole. Its licence regions and the regions
     * of its price tiers are in capitals, the regions sorted and without repeats.
     */
    record Series(String eventId, SeriesUpdated state) implements CatalogRecord {
    }

    /** A tombstone (null value) for {@code key}, an episode or a series id: it is no longer sold or known. */
    record Delete(String key) implements CatalogRecord {
    }

    /** A type this reader does not know (a new type, a newer major version): read past it with a warning. */
    record Skip(String reason) implements CatalogRecord {
    }

    /** A record of a known type that cannot be read or breaks a rule: dead-letter it, apply nothing of it. */
    record DeadLetter(String reason) implements CatalogRecord {

        /** The failure a consumer hands to its dead-letter mechanism. */
        public InvalidEventException failure() {
            return new InvalidEventException(reason);
        }
    }
}
