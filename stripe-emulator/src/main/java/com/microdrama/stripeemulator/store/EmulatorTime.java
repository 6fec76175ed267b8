package com.microdrama.stripeemulator.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * "Now" for an object: the frozen time of the customer's test clock when it has one, else the wall clock.
 * Only objects under a test clock move through billing cycles (by advancing that clock).
 */
@ApplicationScoped
public class EmulatorTime {

    private final Clock clock;
    private final Store store;

    public EmulatorTime(Clock clock, Store store) {
        this.clock = clock;
        this.store = store;
    }

    public long wallClock() {
        return clock.instant().getEpochSecond();
    }

    public long forCustomer(String customerId) {
        ObjectNode customer = store.find(customerId);
        if (customer != null && customer.hasNonNull("test_clock")) {
            ObjectNode testClock = store.find(customer.get("test_clock").asText());
            if (testClock != null) {
                return testClock.get("frozen_time").asLong();
            }
        }
        return wallClock();
    }

    @jakarta.inject.Singleton
    static class ClockProducer {
        @Produces
        @ApplicationScoped
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
