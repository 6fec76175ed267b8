package com.microdrama.catalog.events;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a start must republish the whole catalog. catalog-events is compacted: it keeps the newest event of every
 * key for good, so once every row has been published to a topic, the catalog_change markers that every write
 * commits with its change keep that topic complete, and republishing everything at each start adds nothing. The
 * topic can lack part of the catalog only when
 * <ul>
 *   <li>it was never filled from this database (no full publication recorded: a new database, or one that predates
 *       the record),</li>
 *   <li>it is not the topic that was filled (deleted and created again, or another cluster: its id differs), or we
 *       cannot tell (the topic did not exist then, or does not now), or</li>
 *   <li>it holds an older wording of the events ({@link CatalogEvents#FORMAT} grew since).</li>
 * </ul>
 */
public final class FullPublication {

    private FullPublication() {
    }

    /** The last full publication: in which event format, to which topic (null when its id was unknown). */
    public record Recorded(int eventFormat, String topicId) {
    }

    /**
     * @param last     the last full publication from this database, empty if there was none
     * @param format   the event format this code writes ({@link CatalogEvents#FORMAT})
     * @param topicId  the catalog-events topic's id now, empty when the topic does not exist
     * @return why the whole catalog must be published again, or empty when the markers suffice
     */
    public static Optional<String> reason(Optional<Recorded> last, int format, Optional<String> topicId) {
        if (last.isEmpty()) {
            return Optional.of("catalog-events was never filled from this database");
        }
        Recorded recorded = last.get();
        if (topicId.isEmpty()) {
            return Optional.of("catalog-events does not exist yet");
        }
        if (!Objects.equals(recorded.topicId(), topicId.get())) {
            return Optional.of(recorded.topicId() == null
                    ? "the topic catalog-events was filled without knowing its id"
                    : "catalog-events is another topic than the one filled (id " + recorded.topicId() + ", now "
                    + topicId.get() + ")");
        }
        if (recorded.eventFormat() < format) {
            return Optional.of("catalog-events holds event format " + recorded.eventFormat() + ", this version writes "
                    + format);
        }
        return Optional.empty();
    }
}
