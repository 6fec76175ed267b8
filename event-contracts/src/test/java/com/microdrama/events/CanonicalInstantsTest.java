package com.microdrama.events;

import com.microdrama.events.payload.EpisodePurchased;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CanonicalInstantsTest {

    @Test
    void everyCanonicalTimestampIsTheInstantTheGeneralParserReads() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            // 1900..2200, every fraction length Instant.toString and ISO_INSTANT write (none, 3, 6, 9) and the others
            long second = -2_208_988_800L + (long) (random.nextDouble() * 9_467_280_000L);
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(second, nanos);
            String text = i % 7 == 0 ? DateTimeFormatter.ISO_INSTANT.format(instant) : instant.toString();
            assertEquals(instant, CanonicalInstants.parse(text), text);
            String trimmed = text.substring(0, Math.max(20, text.length() - 1 - random.nextInt(4)));
            if (trimmed.length() > 20 && trimmed.charAt(trimmed.length() - 1) != '.') {
                String shorter = trimmed + "Z";
                assertEquals(Instant.parse(shorter), CanonicalInstants.parse(shorter), shorter);
            }
        }
    }

    @Test
    void anythingElseIsLeftToTheGeneralParser() {
        for (String other : List.of("2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-12-07T24:00:00Z",
                "2026-12-07T23:60:00Z", "2026-12-31T23:59:60Z", "2026-12-07T10:00:00z", "2026-12-07T10:00:00+01:00",
                "2026-12-07 10:00:00Z", " 2026-12-07T10:00:00Z", "2026-12-07T10:00:00.Z", "2026-12-07T10:00:00.1234567890Z",
                "+12026-12-07T10:00:00Z", "2026-12-07T10:00Z", "2026-1a-07T10:00:00Z", "", "Z")) {
            assertNull(CanonicalInstants.parse(other), other);
        }
    }

    @Test
    void eventsReadTimestampsAsBeforeWhateverTheirShape() {
        Instant t = Instant.parse("2026-12-07T21:35:56.123456Z");
        EventEnvelope event = EventEnvelope.of("e-1", "/test", EventTypes.EPISODE_PURCHASED, "u-1", t,
                new EpisodePurchased("un-1", "u-1", "ep-1", "s-1", 10, t));
        String json = event.toJson();
        EventEnvelope read = EventEnvelope.parse(json);
        assertEquals(t, read.time());
        assertEquals(t, read.dataAs(EpisodePurchased.class).purchasedAt());

        // an offset and a leap second: the general parser's answers, as before
        String offset = json.replace("\"time\":\"2026-12-07T21:35:56.123456Z\"", "\"time\":\"2026-12-07T22:35:56.123456+01:00\"");
        assertEquals(t, EventEnvelope.parse(offset).time());
        String leap = json.replace("\"time\":\"2026-12-07T21:35:56.123456Z\"", "\"time\":\"2026-12-31T23:59:60Z\"");
        assertEquals(Instant.parse("2026-12-31T23:59:59Z"), EventEnvelope.parse(leap).time());
        // a date that does not exist is still refused
        String impossible = json.replace("\"time\":\"2026-12-07T21:35:56.123456Z\"", "\"time\":\"2026-02-30T10:00:00Z\"");
        assertThrows(InvalidEventException.class, () -> EventEnvelope.parse(impossible));
    }
}
