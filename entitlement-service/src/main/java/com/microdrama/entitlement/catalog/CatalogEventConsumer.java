package com.microdrama.entitlement.catalog;

import com.microdrama.entitlement.messaging.TransientRetry;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.InvalidEventException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects catalog-events; acked after the upsert commits, invalid records go to the dead-letter topic. */
@ApplicationScoped
public class CatalogEventConsumer {

    private final CatalogProjection projection;

    public CatalogEventConsumer(CatalogProjection projection) {
        this.projection = projection;
    }

    @Incoming("catalog-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null && record.key() != null) {
            return TransientRetry.of(() -> projection.remove(record.key()));
        }
        CatalogChange change;
        try {
            change = CatalogEventReader.read(EventEnvelope.parse(record.value()));
        } catch (InvalidEventException e) {
            Log.warnf("dead-lettering catalog-events %d/%d: %s", record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        return TransientRetry.of(() -> projection.apply(change));
    }
}
