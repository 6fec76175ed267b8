package com.microdrama.outbox;

import com.microdrama.events.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OutboxEventTest {

    @Test
    void rowCarriesTheWholeEnvelopeUnderItsOwnIdTopicAndKey() {
        EventEnvelope event = EventEnvelope.of("/test", "com.microdrama.test.happened.v1", "user-1", Map.of("a", 1));
        Instant at = Instant.parse("2026-11-24T10:00:00Z");

        OutboxEvent row = OutboxEvent.of("some-topic", "user-1", event, at, OutboxTracing.Stored.NONE);

        assertEquals(UUID.fromString(event.id()), row.id);
        assertEquals("some-topic", row.topic);
        assertEquals("user-1", row.recordKey);
        assertEquals("com.microdrama.test.happened.v1", row.type);
        assertEquals(event, EventEnvelope.parse(row.payload));
        assertEquals(at, row.createdAt);
        assertNull(row.publishedAt, "a new row waits for the relay");
    }
}
