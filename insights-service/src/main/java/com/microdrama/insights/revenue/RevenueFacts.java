package com.microdrama.insights.revenue;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.CoinsPurchased;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.insights.funnel.StoreRetention;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * payment-events (key = user id) to coin-pack money keyed day|currency|provider. Store {@code packs} (purchase id →
 * its purchase; "refund:" + refund id → that refund) in the user's partition makes a repeated event count once and
 * gives a refund without amounts (written before amounts travelled: a whole refund) its purchase's price.
 */
public final class RevenueFacts implements Processor<String, EventEnvelope, String, RevenueFact> {
    public static final String PACKS = "packs";
    static final String COIN_PACK = "coin-pack";
    private static final char SEP = '|';

    private final Runnable invalid;
    private final Duration retention;
    private ProcessorContext<String, RevenueFact> context;
    private KeyValueStore<String, RevenueFact> packs;

    /**
     * @param invalid   called for an event of a known type whose payload does not fit it (skipped)
     * @param retention how long a purchase is kept for its refunds ({@link StoreRetention})
     */
    public RevenueFacts(Runnable invalid, Duration retention) {
        this.retention = retention;
        this.invalid = invalid;
    }

    @Override
    public void init(ProcessorContext<String, RevenueFact> context) {
        this.context = context;
        this.packs = context.getStateStore(PACKS);
        StoreRetention.schedule(context, packs, retention, RevenueFact::at);
    }

    @Override
    public void process(Record<String, EventEnvelope> record) {
        EventEnvelope event = record.value();
        RevenueFact fact;
        try {
            fact = switch (event.type()) {
                case EventTypes.COINS_PURCHASED -> purchase(event.dataAs(CoinsPurchased.class));
                case EventTypes.PURCHASE_REFUNDED -> refund(event.dataAs(PurchaseRefunded.class));
                default -> null;
            };
        } catch (InvalidEventException | NumberFormatException | NullPointerException e) {
            invalid.run();
            return;
        }
        if (fact != null) {
            context.forward(record.withKey(key(fact)).withValue(fact));
        }
    }

    private RevenueFact purchase(CoinsPurchased p) {
        if (p.price() == null || packs.get(p.purchaseId()) != null) {
            return null;
        }
        RevenueFact fact = new RevenueFact(false, p.price().currency(), p.provider(), new BigDecimal(p.price().amount()),
                (long) p.coins() + p.bonusCoins(), p.purchasedAt());
        packs.put(p.purchaseId(), fact);
        return fact;
    }

    private RevenueFact refund(PurchaseRefunded r) {
        if (!COIN_PACK.equals(r.kind()) || packs.get("refund:" + r.refundId()) != null) {
            return null;
        }
        RevenueFact bought = packs.get(r.purchaseId());
        if (bought == null && r.amount() == null) {
            return null; // a purchase this application never saw, without amounts: nothing to count it in
        }
        String currency = r.amount() != null ? r.amount().currency() : bought.currency();
        BigDecimal amount = r.amount() != null ? new BigDecimal(r.amount().amount()) : bought.amount();
        RevenueFact fact = new RevenueFact(true, currency, bought == null ? "unknown" : bought.provider(), amount, 0,
                r.refundedAt());
        packs.put("refund:" + r.refundId(), fact);
        return fact;
    }

    static String key(RevenueFact fact) {
        return LocalDate.ofInstant(fact.at(), ZoneOffset.UTC).toString() + SEP + fact.currency() + SEP + fact.provider();
    }
}
