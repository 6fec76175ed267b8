package com.microdrama.entitlement.projection;

import com.microdrama.entitlement.catalog.CatalogProjection;
import com.microdrama.entitlement.ledger.EntitlementLedger;
import com.microdrama.entitlement.ledger.PaymentCommand;
import com.microdrama.entitlement.ledger.PaymentEventReader;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.Topics;
import com.microdrama.events.catalog.CatalogEventReader;
import com.microdrama.events.catalog.CatalogRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.function.Supplier;

/**
 * Applies one record of catalog-events or payment-events to the projection tables (catalog, entitlements, inbox,
 * positions), one record per transaction: the live consumers' path. The rebuild applies whole batches its own way
 * ({@code rebuild.ShadowBatch}) but with the same rules ({@code LedgerRules}, the same readers), so it cannot drift.
 */
@ApplicationScoped
public class LogProjection {

    private final EntitlementLedger ledger;
    private final CatalogProjection catalog;
    private final ConsumerPositions positions;
    private final String paymentTopic;
    private final String catalogTopic;

    public LogProjection(EntitlementLedger ledger, CatalogProjection catalog, ConsumerPositions positions,
                         @ConfigProperty(name = "mp.messaging.incoming.payment-events.topic",
                                 defaultValue = Topics.PAYMENT_EVENTS) String paymentTopic,
                         @ConfigProperty(name = "mp.messaging.incoming.catalog-events.topic",
                                 defaultValue = Topics.CATALOG_EVENTS) String catalogTopic) {
        this.ledger = ledger;
        this.catalog = catalog;
        this.positions = positions;
        this.paymentTopic = paymentTopic;
        this.catalogTopic = catalogTopic;
    }

    public String paymentTopic() {
        return paymentTopic;
    }

    public String catalogTopic() {
        return catalogTopic;
    }

    /**
     * The record's effect and the new position commit together, in one transaction. Fails with
     * {@link InvalidEventException}, before touching the database, for a record that can never apply.
     */
    public Uni<Void> apply(ConsumerRecord<String, String> record) {
        Supplier<Uni<Void>> effect;
        try {
            effect = effectOf(record);
        } catch (InvalidEventException e) {
            return Uni.createFrom().failure(e);
        }
        return effect.get();
    }

    /** An invalid record was dead-lettered: the tables have still read past it. */
    public Uni<Void> skip(ConsumerRecord<String, String> record) {
        return Panache.withTransaction(() -> positions.advance(record.topic(), record.partition(), record.offset() + 1));
    }

    private Supplier<Uni<Void>> effectOf(ConsumerRecord<String, String> record) {
        long next = record.offset() + 1;
        if (paymentTopic.equals(record.topic())) {
            EventEnvelope event = EventEnvelope.parse(record.value());
            PaymentCommand command = PaymentEventReader.read(event);
            return () -> ledger.apply(event, command, record.topic(), record.partition(), next);
        }
        if (catalogTopic.equals(record.topic())) {
            CatalogRecord read = CatalogEventReader.read(record.key(), record.value());
            if (read instanceof CatalogRecord.DeadLetter dead) {
                throw dead.failure();
            }
            return () -> Panache.withTransaction(() -> catalog.apply(read)
                    .chain(() -> positions.advance(record.topic(), record.partition(), next)));
        }
        throw new InvalidEventException("no projection reads topic '" + record.topic() + "'");
    }
}
