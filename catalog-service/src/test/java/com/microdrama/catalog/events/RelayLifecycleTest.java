package com.microdrama.catalog.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayLifecycleTest {

    @Test
    void theRelayWaitsForTheStart() {
        RelayLifecycle lifecycle = new RelayLifecycle();

        assertFalse(lifecycle.open());
        assertTrue(lifecycle.test(null), "the scheduler must skip the tick");
    }

    @Test
    void theRelayRunsBetweenStartAndShutdownOnly() {
        RelayLifecycle lifecycle = new RelayLifecycle();
        lifecycle.onStart(new StartupEvent());

        assertTrue(lifecycle.open());
        assertFalse(lifecycle.test(null));

        lifecycle.onShutdown(new ShutdownEvent());

        assertFalse(lifecycle.open(), "no new pass once shutdown began");
        assertTrue(lifecycle.test(null));
    }

    @Test
    void theGateClosesBeforeAnyExtensionShutsDown() throws NoSuchMethodException {
        Priority priority = RelayLifecycle.class.getDeclaredMethod("onShutdown", ShutdownEvent.class)
                .getParameters()[0].getAnnotation(Priority.class);

        // Reactive Messaging, the scheduler and the datasources observe shutdown at higher (later) priorities
        assertTrue(priority != null && priority.value() <= Interceptor.Priority.PLATFORM_BEFORE,
                "onShutdown must observe ShutdownEvent at the earliest priority");
    }
}
