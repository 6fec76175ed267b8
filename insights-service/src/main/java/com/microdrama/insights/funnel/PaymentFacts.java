package com.microdrama.insights.funnel;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.InvalidEventException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.Optional;

/**
 * payment-events (key = user id) to unlock and refund facts keyed by series. Store {@code unlocks} (unlock id → its
 * fact, then its refund) lives in the user's partition, where the unlock and its refund both arrive in order: it
 * names the series a refund takes back and makes a repeated event (the outbox sends at least once) count once.
 */
final class PaymentFacts implements Processor<String, EventEnvelope, String, Fact> {
    private final FactReader reader;
    private final Runnable invalid;
    private final Duration retention;
    private ProcessorContext<String, Fact> context;
    private KeyValueStore<String, Fact> unlocks;

    /** @param retention how long an unlock is kept for its refund ({@link StoreRetention}) */
    PaymentFacts(FactReader reader, Runnable invalid, Duration retention) {
        this.reader = reader;
        this.invalid = invalid;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Fact> context) {
        this.context = context;
        this.unlocks = context.getStateStore(FunnelTopology.UNLOCKS);
        StoreRetention.schedule(context, unlocks, retention, Fact::at);
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        Optional<Fact> read;
        try {
            read = reader.payment(record.value(), unlocks::get);
        } catch (InvalidEventException e) {
            invalid.run();
            return;
        }
        if (read.isEmpty()) {
            return;
        }
        Fact fact = read.get();
        if (fact.unlockId() == null || fact.seriesId() == null || fact.at() == null) {
            invalid.run(); // an unlock without its ids or time can be neither counted nor refunded
            return;
        }
        Fact known = unlocks.get(fact.unlockId());
        boolean repeated = fact.kind() == Fact.Kind.REFUND ? known.kind() == Fact.Kind.REFUND : known != null;
        if (repeated) {
            return;
        }
        unlocks.put(fact.unlockId(), fact);
        context.forward(record.withKey(fact.seriesId()).withValue(fact));
    }
}
