package com.microdrama.support.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CounterFamilyTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CounterFamily purchases = new CounterFamily(registry, "microdrama.purchases", "test", "provider", "status");

    @Test
    void registeredCombinationsExistAtZeroAndEachCombinationIsOneHeldCounter() {
        purchases.register("stripe", "completed");
        assertEquals(0, registry.get("microdrama.purchases").tags("provider", "stripe", "status", "completed").counter().count());

        purchases.increment("stripe", "completed");
        purchases.increment("stripe", "completed");
        purchases.increment("play", "failed");
        assertEquals(2, registry.get("microdrama.purchases").tags("provider", "stripe", "status", "completed").counter().count());
        assertEquals(1, registry.get("microdrama.purchases").tags("provider", "play", "status", "failed").counter().count());
        assertSame(purchases.of("stripe", "completed"), purchases.of("stripe", "completed"));
    }

    @Test
    void valuesMustMatchTheLabels() {
        assertThrows(IllegalArgumentException.class, () -> purchases.of("stripe"));
    }
}
