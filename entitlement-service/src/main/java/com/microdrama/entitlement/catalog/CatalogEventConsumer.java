package com.microdrama.entitlement.catalog;

import com.microdrama.entitlement.projection.LogProjection;
import com.microdrama.events.InvalidEventException;
import com.microdrama.support.messaging.DeadLetters;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Projects catalog-events as the shared {@code CatalogEventReader} reads them (docs/decisions/0004): acked after the
 * change commits; a record it dead-letters goes to the dead-letter topic, an unknown type is read past, and a database
 * outage pauses the channel until it passes (decision 0024).
 */
@ApplicationScoped
public class CatalogEventConsumer {

    private final LogProjection projection;
    private final DeadLetters deadLetters;

    public CatalogEventConsumer(LogProjection projection, DeadLetters deadLetters) {
        this.projection = projection;
        this.deadLetters = deadLetters;
    }

    @Incoming("catalog-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return deadLetters.consume("catalog-events", () -> projection.apply(record), InvalidEventException.class)
                .onFailure(InvalidEventException.class).call(e -> {
                    Log.warnf("dead-lettering catalog-events %d/%d: %s", record.partition(), record.offset(), e.getMessage());
                    return projection.skip(record).onFailure().recoverWithNull();
                });
    }
}
