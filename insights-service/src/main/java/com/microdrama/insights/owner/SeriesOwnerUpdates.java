package com.microdrama.insights.owner;

import com.microdrama.events.catalog.CatalogEventReader;
import com.microdrama.events.catalog.CatalogRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store of series owners (series id → the creator's user id) from catalog-events, read through
 * {@link CatalogEventReader} as every consumer of that topic reads it (docs/decisions/0004-catalog-events-consumers.md).
 * A series without a creator (the platform owns it) and a deleted series have no row: neither is any creator's. A
 * dead letter changes nothing (the series keeps the owner of its last valid state) and is counted as invalid;
 * episodes and types this reader does not know are passed over. Kafka Streams also runs this processor when it
 * restores the store from the topic, so the store only ever holds owners, never raw catalog records.
 */
public final class SeriesOwnerUpdates implements Processor<String, String, Void, Void> {
    private final String storeName;
    private final Runnable invalid;
    private KeyValueStore<String, String> owners;

    public SeriesOwnerUpdates(String storeName, Runnable invalid) {
        this.storeName = storeName;
        this.invalid = invalid;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        owners = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, String> record) {
        CatalogRecord read = CatalogEventReader.read(record.key(), record.value());
        if (read instanceof CatalogRecord.Series series) {
            String seriesId = series.state().seriesId();
            String creatorId = series.state().creatorId();
            if (creatorId == null || creatorId.isBlank()) {
                owners.delete(seriesId);
            } else {
                owners.put(seriesId, creatorId);
            }
        } else if (read instanceof CatalogRecord.Delete delete) {
            // the key of a tombstone may be an episode's id: deleting a row that is not there does nothing
            owners.delete(delete.key());
        } else if (read instanceof CatalogRecord.DeadLetter) {
            invalid.run();
        }
        // Episode and Skip: nothing of an owner
    }
}
