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
import com.microdrama.events.payload.BonusExpired;
import com.microdrama.events.payload.CoinsPurchased;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.Money;
import com.microdrama.events.payload.PurchaseRefunded;
import com.microdrama.events.payload.SeriesPurchased;
import com.microdrama.events.payload.SubscriptionChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentEventReaderTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private static PaymentCommand read(String type, Object data) {
        // Through JSON, as the consumer sees it.
        return PaymentEventReader.read(EventEnvelope.parse(
                EventEnvelope.of("/payment-service", type, "u-1", data).toJson()));
    }

    @Test
    void episodePurchaseBecomesAnEpisodeGrantKeyedByUnlockId() {
        GrantEpisode g = assertInstanceOf(GrantEpisode.class, read(EventTypes.EPISODE_PURCHASED,
                new EpisodePurchased("unl-1", "u-1", "ep-1", "s-1", 80, AT)));
        assertEquals("unl-1", g.unlockId());
        assertEquals("ep-1", g.episodeId());
        assertEquals(AT, g.purchasedAt());
    }

    @Test
    void seriesPurchaseBecomesASeriesGrant() {
        GrantSeries g = assertInstanceOf(GrantSeries.class, read(EventTypes.SERIES_PURCHASED,
                new SeriesPurchased("unl-2", "u-1", "s-1", 900, AT)));
        assertEquals("s-1", g.seriesId());
    }

    @Test
    void refundNamesThePurchaseToRevoke() {
        RevokePurchase r = assertInstanceOf(RevokePurchase.class, read(EventTypes.PURCHASE_REFUNDED,
                new PurchaseRefunded("ref-1", "u-1", "unl-1", "episode-unlock", "double charge", AT)));
        assertEquals("unl-1", r.purchaseId());
    }

    @Test
    void everySubscriptionTypeBecomesASubscriptionChange() {
        Map<String, SubscriptionChange> types = Map.of(
                EventTypes.SUBSCRIPTION_ACTIVATED, SubscriptionChange.ACTIVATED,
                EventTypes.SUBSCRIPTION_RENEWED, SubscriptionChange.RENEWED,
                EventTypes.SUBSCRIPTION_CANCELLED, SubscriptionChange.CANCELLED,
                EventTypes.SUBSCRIPTION_EXPIRED, SubscriptionChange.EXPIRED,
                EventTypes.SUBSCRIPTION_REFUNDED, SubscriptionChange.REFUNDED);
        types.forEach((type, change) -> {
            ChangeSubscription c = assertInstanceOf(ChangeSubscription.class, read(type,
                    new SubscriptionChanged("sub-1", "u-1", "vip-weekly", "ACTIVE", AT, AT.plusSeconds(3600), AT)));
            assertEquals(change, c.change());
            assertEquals("sub-1", c.subscriptionId());
        });
    }

    @Test
    void activationWithoutValidUntilIsInvalid() {
        assertThrows(InvalidEventException.class, () -> read(EventTypes.SUBSCRIPTION_ACTIVATED,
                new SubscriptionChanged("sub-1", "u-1", "vip-weekly", "ACTIVE", AT, null, AT)));
    }

    @Test
    void coinPurchasesAreIgnored() {
        assertInstanceOf(Ignore.class, read(EventTypes.COINS_PURCHASED,
                new CoinsPurchased("p-1", "u-1", "pack-500", 500, 50, new Money("4.99", "USD"), "sandbox", AT)));
    }

    @Test
    void expiredBonusCoinsAreIgnored() {
        assertInstanceOf(Ignore.class, read(EventTypes.BONUS_EXPIRED,
                new BonusExpired("lot-1", "u-1", "pack-purchase:p-1", 30, 50, AT, AT, AT)));
    }

    @Test
    void unknownTypeIsInvalid() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> read("com.microdrama.payment.episode-purchased.v9", Map.of("unlockId", "x")));
        assertTrue(e.getMessage().contains("unknown event type"));
    }

    @Test
    void purchaseWithoutUnlockIdIsInvalid() {
        assertThrows(InvalidEventException.class, () -> read(EventTypes.EPISODE_PURCHASED,
                new EpisodePurchased(null, "u-1", "ep-1", "s-1", 80, AT)));
    }

    @Test
    void envelopeWithoutIdIsInvalid() {
        assertThrows(InvalidEventException.class, () -> EventEnvelope.parse(
                "{\"specversion\":\"1.0\",\"source\":\"/x\",\"type\":\"" + EventTypes.EPISODE_PURCHASED
                        + "\",\"subject\":\"u\",\"time\":\"2026-11-24T10:00:00Z\",\"data\":{}}"));
    }
}
