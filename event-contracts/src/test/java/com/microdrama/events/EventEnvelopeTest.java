package com.microdrama.events;

import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.events.payload.Money;
import com.microdrama.events.payload.PurchaseRefunded;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventEnvelopeTest {

    @Test
    void roundTripsThroughJsonKeepingAttributesAndPayload() {
        var purchased = new EpisodePurchased("u-1", "user-1", "ep-4", "series-1", 60, Instant.parse("2026-11-24T10:00:00Z"));
        var event = EventEnvelope.of("/payment-service", EventTypes.EPISODE_PURCHASED, "user-1", purchased);

        var read = EventEnvelope.parse(event.toJson());

        assertEquals(event.id(), read.id());
        assertEquals("1.0", read.specversion());
        assertEquals(EventTypes.EPISODE_PURCHASED, read.type());
        assertEquals("user-1", read.subject());
        assertEquals(purchased, read.dataAs(EpisodePurchased.class));
        assertTrue(event.toJson().contains("\"time\":\"20"), "time is written as ISO-8601: " + event.toJson());
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThrows(InvalidEventException.class, () -> EventEnvelope.parse("not json"));
    }

    @Test
    void rejectsAnEnvelopeWithoutType() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"subject\":\"u\",\"time\":\"2026-11-24T10:00:00Z\",\"data\":{}}";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventEnvelope.parse(json));
        assertTrue(e.getMessage().contains("type"), e.getMessage());
    }

    @Test
    void rejectsAnIdLongerThanTheConsumersCanRemember() {
        String id = "e".repeat(EventEnvelope.MAX_ID_LENGTH + 1);
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/x\",\"type\":\"t\",\"subject\":\"u\","
                + "\"time\":\"2026-11-24T10:00:00Z\",\"data\":{}}";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventEnvelope.parse(json));
        assertTrue(e.getMessage().contains("'id'"), e.getMessage());
        assertEquals(EventEnvelope.MAX_ID_LENGTH, EventEnvelope.parse(json.replace(id, id.substring(1))).id().length());
    }

    @Test
    void rejectsAPayloadThatDoesNotFitItsType() {
        var event = EventEnvelope.of("/x", EventTypes.EPISODE_PURCHASED, "u", java.util.Map.of("coinsSpent", "many"));
        assertThrows(InvalidEventException.class, () -> event.dataAs(EpisodePurchased.class));
    }

    @Test
    void aPartialRefundCarriesItsAmountsAndAnOlderRefundEventStillReads() {
        var partial = new PurchaseRefunded("r-1", "user-1", "p-1", "coin-pack", "goodwill",
                Instant.parse("2026-11-24T10:00:00Z"), new Money("1.00", "USD"), new Money("1.00", "USD"), 112L, true);
        var read = EventEnvelope.parse(EventEnvelope.of("/payment-service", EventTypes.PURCHASE_REFUNDED, "user-1", partial)
                .toJson()).dataAs(PurchaseRefunded.class);
        assertEquals(partial, read);

        String older = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/payment-service\",\"type\":\""
                + EventTypes.PURCHASE_REFUNDED + "\",\"subject\":\"u\",\"time\":\"2026-11-24T10:00:00Z\",\"data\":"
                + "{\"refundId\":\"r\",\"userId\":\"u\",\"purchaseId\":\"un-1\",\"kind\":\"episode-unlock\","
                + "\"reason\":\"x\",\"refundedAt\":\"2026-11-24T10:00:00Z\"}}";
        PurchaseRefunded old = EventEnvelope.parse(older).dataAs(PurchaseRefunded.class);
        assertEquals("un-1", old.purchaseId());
        assertEquals(null, old.partial());
        assertEquals(null, old.amount());
        // a full unlock refund written today does not carry empty coin-pack fields
        String unlockJson = EventEnvelope.of("/payment-service", EventTypes.PURCHASE_REFUNDED, "u",
                new PurchaseRefunded("r", "u", "un-1", "episode-unlock", "x", Instant.now())).toJson();
        assertTrue(!unlockJson.contains("coinsClawedBack") && !unlockJson.contains("\"amount\""), unlockJson);
    }
}
