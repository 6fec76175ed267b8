package com.microdrama.support.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one source of business time ("now" for trials, periods, grace, expiry, timestamps, ages) in every service:
 * inject {@link Clock} instead of calling {@code Instant.now()}. A {@link DefaultBean}, so a test replaces it with any
 * other {@code Clock} bean (test-support's {@code TestClock}) to move time. Durations measured for timeouts and
 * metrics are not business time and keep using {@code System.nanoTime()}.
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
