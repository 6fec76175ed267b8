package com.microdrama.entitlement.ledger;

import com.microdrama.entitlement.ledger.PaymentCommand.ChangeSubscription;
import com.microdrama.entitlement.ledger.PaymentCommand.GrantEpisode;
import com.microdrama.entitlement.ledger.PaymentCommand.GrantSeries;
import com.microdrama.entitlement.ledger.PaymentCommand.Ignore;
import com.microdrama.entitlement.ledger.PaymentCommand.RevokePurchase;
import com.microdrama.entitlement.ledger.PaymentCommand.SubscriptionChange;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.InvalidEventException;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.payload.SubscriptionChanged;

import java.time.Instant;

/**
 * Turns a payment-events envelope into a ledger command. Anything that cannot be acted on (unknown type, missing
 * ids) is an {@link InvalidEventException}: retrying would never help, so the record belongs in the DLQ.
 */
public final class PaymentEventReader {

    private PaymentEventReader() {
    }

    public static PaymentCommand read(EventEnvelope event) {
        String type = event.type();
        if (type.equals(EventTypes.EPISODE_PURCHASED)) {
            EpisodePurchased p = event.dataAs(EpisodePurchased.class);
            return new GrantEpisode(
                    required(p.userId(), "userId", type), required(p.episodeId(), "episodeId", type),
                    p.seriesId(), required(p.unlockId(), "unlockId", type), orElse(p.purchasedAt(), event.time()));
        }
        if (type.equals(EventTypes.SERIES_PURCHASED)) {
            SeriesPurchased p = event.dataAs(SeriesPurchased.class);
            return new GrantSeries(
                    required(p.userId(), "userId", type), required(p.seriesId(), "seriesId", type),
                    required(p.unlockId(), "unlockId", type), orElse(p.purchasedAt(), event.time()));
        }
        if (type.equals(EventTypes.PURCHASE_REFUNDED)) {
            PurchaseRefunded p = event.dataAs(PurchaseRefunded.class);
            return new RevokePurchase(
                    required(p.userId(), "userId", type), required(p.purchaseId(), "purchaseId", type),
                    p.kind(), orElse(p.refundedAt(), event.time()));
        }
        SubscriptionChange change = subscriptionChange(type);
        if (change != null) {
            SubscriptionChanged p = event.dataAs(SubscriptionChanged.class);
            Instant occurredAt = orElse(p.occurredAt(), event.time());
            // Expiry and refund end access; the others must say until when access runs.
            Instant validUntil = switch (change) {
                case ACTIVATED, RENEWED, CANCELLED -> required(p.validUntil(), "validUntil", type);
                case EXPIRED -> orElse(p.validUntil(), occurredAt);
                case REFUNDED -> p.validUntil();
            };
            return new ChangeSubscription(change,
                    required(p.userId(), "userId", type), required(p.subscriptionId(), "subscriptionId", type),
                    p.validFrom(), validUntil, occurredAt);
        }
        if (type.equals(EventTypes.COINS_PURCHASED)) {
            return new Ignore("coin packs do not unlock anything by themselves");
        }
        if (type.equals(EventTypes.BONUS_EXPIRED)) {
            return new Ignore("expired bonus coins never unlocked anything themselves");
        }
        throw new InvalidEventException("unknown event type '" + type + "' on payment-events");
    }

    private static SubscriptionChange subscriptionChange(String type) {
        if (type.equals(EventTypes.SUBSCRIPTION_ACTIVATED)) {
            return SubscriptionChange.ACTIVATED;
        }
        if (type.equals(EventTypes.SUBSCRIPTION_RENEWED)) {
            return SubscriptionChange.RENEWED;
        }
        if (type.equals(EventTypes.SUBSCRIPTION_CANCELLED)) {
            return SubscriptionChange.CANCELLED;
        }
        if (type.equals(EventTypes.SUBSCRIPTION_EXPIRED)) {
            return SubscriptionChange.EXPIRED;
        }
        if (type.equals(EventTypes.SUBSCRIPTION_REFUNDED)) {
            return SubscriptionChange.REFUNDED;
        }
        return null;
    }

    private static String required(String value, String field, String type) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("'" + field + "' is missing in " + type);
        }
        return value;
    }

    private static Instant required(Instant value, String field, String type) {
        if (value == null) {
            throw new InvalidEventException("'" + field + "' is missing in " + type);
        }
        return value;
    }

    private static Instant orElse(Instant value, Instant fallback) {
        return value != null ? value : fallback;
    }
}
