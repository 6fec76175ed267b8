package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.projection.LogProjection;
import com.microdrama.events.InvalidEventException;
import com.microdrama.support.messaging.DeadLetters;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads payment-events one record at a time. The record is acknowledged (and its offset committed) only after the
 * returned Uni completes, i.e. after the ledger transaction committed. An invalid record fails the Uni, which sends it
 * to the dead-letter topic (failure-strategy in application.properties) so one bad record cannot block its partition;
 * a database outage is retried until it passes, pausing the partition instead (decision 0024).
 */
@ApplicationScoped
public class PaymentEventConsumer {

    private final LogProjection projection;
    private final DeadLetters deadLetters;

    public PaymentEventConsumer(LogProjection projection, DeadLetters deadLetters) {
        this.projection = projection;
        this.deadLetters = deadLetters;
    }

    @Incoming("payment-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return deadLetters.consume("payment-events", () -> projection.apply(record), InvalidEventException.class)
                .onFailure(InvalidEventException.class).call(e -> {
                    Log.warnf("dead-lettering payment-events %d/%d: %s", record.partition(), record.offset(), e.getMessage());
                    return projection.skip(record).onFailure().recoverWithNull();
                });
    }
}
