package com.microdrama.entitlement.catalog;

import com.microdrama.entitlement.messaging.TransientRetry;
import com.microdrama.entitlement.projection.LogProjection;
import com.microdrama.events.InvalidEventException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Projects catalog-events; acked after the upsert commits, invalid records go to the dead-letter topic. */
@ApplicationScoped
public class CatalogEventConsumer {

    private final LogProjection projection;

    public CatalogEventConsumer(LogProjection projection) {
        this.projection = projection;
    }

    @Incoming("catalog-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return TransientRetry.of(() -> projection.apply(record))
                .onFailure(InvalidEventException.class).call(e -> {
                    Log.warnf("dead-lettering catalog-events %d/%d: %s", record.partition(), record.offset(), e.getMessage());
                    return projection.skip(record).onFailure().recoverWithNull();
                });
    }
}
