package com.microdrama.entitlement.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The checks' settings ({@code entitlement.check.*}). */
@ConfigMapping(prefix = "entitlement.check")
public interface CheckConfig {

    /**
     * How often a waiting check reads again besides being woken by a grant's NOTIFY: covers changes that send no
     * notice (an episode made free, a region promo, a rebuild's swap) and notices lost with the listening connection.
     */
    @WithDefault("1s")
    Duration recheckInterval();

    Waits waits();

    /** Caps on checks waiting at once ({@link WaitSlots}); beyond them a waiting check is refused with 429. */
    interface Waits {
        /** Per user (token subject): an app needs one or two, after an unlock or a rewarded ad. */
        @WithDefault("4")
        int perUser();

        /** In this instance, all users together. */
        @WithDefault("1000")
        int perInstance();

        /** The {@code Retry-After} of the refusal, in whole seconds (rounded up). */
        @WithDefault("2s")
        Duration retryAfter();
    }
}
