package com.microdrama.ops;

import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.payload.CoinsPurchased;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.Money;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;

import java.time.Instant;
import java.util.UUID;

/** Real event-contracts events for tests. */
public final class Events {
    private Events() {
    }

    public static EventEnvelope episodePurchased(String user) {
        return EventEnvelope.of("/payment-service", EventTypes.EPISODE_PURCHASED, user,
                new EpisodePurchased(UUID.randomUUID().toString(), user, "ep-1", "series-1", 80, Instant.now()));
    }

    public static EventEnvelope seriesPurchased(String user) {
        return EventEnvelope.of("/payment-service", EventTypes.SERIES_PURCHASED, user,
                new SeriesPurchased(UUID.randomUUID().toString(), user, "series-1", 900, Instant.now()));
    }

    public static EventEnvelope coinsPurchased(String user) {
        return EventEnvelope.of("/payment-service", EventTypes.COINS_PURCHASED, user,
                new CoinsPurchased(UUID.randomUUID().toString(), user, "pack-500", 500, 0, new Money("4.99", "USD"), "fake",
                        Instant.now()));
    }

    public static EventEnvelope refunded(String user) {
        return EventEnvelope.of("/payment-service", EventTypes.PURCHASE_REFUNDED, user,
                new PurchaseRefunded(UUID.randomUUID().toString(), user, UUID.randomUUID().toString(), "episode-unlock",
                        "double charge", Instant.now()));
    }
}
