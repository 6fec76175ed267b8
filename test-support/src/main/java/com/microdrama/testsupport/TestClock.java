package com.microdrama.testsupport;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The services' business clock in {@code @QuarkusTest}s: real time plus an offset a test moves. A bean (this jar is a
 * bean archive), so it replaces service-support's default {@code Clock} in every service test; inject it to move
 * time, and call {@link #reset()} after each test that did.
 */
@Singleton
public class TestClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    /** Moves time forward by {@code by}, on top of any earlier move. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        offset = offset.plus(by);
    }

    /** From now on it is {@code moment} (and time goes on from there), whatever earlier moves did. */
    public void jumpTo(Instant moment) {
        offset = Duration.between(Instant.now(), moment);
    }

    /** Back to real time. */
    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
