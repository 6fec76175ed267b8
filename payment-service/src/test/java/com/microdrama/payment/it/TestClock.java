package com.microdrama.payment.it;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Replaces the application's Clock in tests (the main producer is a @DefaultBean): real time plus an offset a test
 * can move forward to reach trial ends, grace ends and expiry. Tests must reset it.
 */
@Singleton
public class TestClock extends Clock {
    private static volatile Duration offset = Duration.ZERO;

    static void advance(Duration by) {
        offset = by;
    }

    static void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
