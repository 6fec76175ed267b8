package com.microdrama.storeemulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Settings of the store emulator; defaults are stated here once, the environment names in application.properties. */
@ConfigMapping(prefix = "emulator")
public interface EmulatorConfig {

    Delivery delivery();

    /** Notifications (App Store Server Notifications, Pub/Sub pushes) that are not answered 2xx are sent again. */
    interface Delivery {
        /** Delays before the 2nd, 3rd, … attempt (Apple: 1, 12, 24, 48, 72 hours; Pub/Sub: exponential backoff). */
        @WithDefault("1s,5s,30s,2m")
        List<Duration> retryDelays();

        /** How long one attempt may take before it counts as failed. */
        @WithDefault("10s")
        Duration timeout();
    }
}
