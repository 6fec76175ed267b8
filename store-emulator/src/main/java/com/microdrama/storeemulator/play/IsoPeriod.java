package com.microdrama.storeemulator.play;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * An ISO 8601 duration as Play Console states billing periods ({@code P1W}, {@code P1M}, {@code P1Y}), plus
 * clock durations ({@code PT2M}) so that a local subscription can renew in minutes.
 */
record IsoPeriod(String text, Period period, Duration duration) {

    static IsoPeriod parse(String text) {
        try {
            if (text.contains("T")) {
                return new IsoPeriod(text, Period.ZERO, Duration.parse(text));
            }
            return new IsoPeriod(text, Period.parse(text), Duration.ZERO);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO 8601 duration: " + text);
        }
    }

    Instant addTo(Instant start) {
        return start.atOffset(ZoneOffset.UTC).plus(period).plus(duration).toInstant();
    }
}
