package com.microdrama.stripeemulator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the emulator; defaults are stated here once, the environment names are in application.properties. */
@ConfigMapping(prefix = "emulator")
public interface EmulatorConfig {

    /** The secret key clients must send as {@code Authorization: Bearer sk_test_…}. */
    String apiKey();

    /**
     * The publishable key a browser sends as {@code Authorization: Bearer pk_test_…} (Stripe.js's key). Public by
     * nature, hence a default: it opens only what Stripe lets a publishable key do, a PaymentIntent's retrieve and
     * confirm with that intent's {@code client_secret}.
     */
    default String publishableKey() {
        return publishableKeySetting().orElse("pk_test_local");
    }

    /**
     * {@code STRIPE_PUBLISHABLE_KEY} when set. Optional rather than {@code @WithDefault}: the property's expression
     * expands to "" when the variable is unset, which a required value refuses instead of falling back.
     */
    @WithName("publishable-key")
    Optional<String> publishableKeySetting();

    /** The API version stamped on events: stripe-java 31.0.0's own ({@code ApiVersion.CURRENT}). */
    @WithDefault("2025-11-17.clover")
    String apiVersion();

    /**
     * Written into every id after {@code Emu} ({@code pi_EmuMX3K9Q0000000001}). The emulator forgets everything when it
     * stops; the local platform gives each start its own namespace so that ids never repeat across restarts, as
     * Stripe's never do: a client that kept them (processed event ids, its customers' ids) never takes a new object
     * for an old one. None by default: {@code pi_Emu0000000001}.
     */
    Optional<String> idNamespace();

    Webhook webhook();

    Billing billing();

    interface Webhook {
        /** Where every event is POSTed; no URL, no deliveries (events are still listed by the API). */
        Optional<String> url();

        /** The endpoint's signing secret ({@code whsec_…}); required when a URL is set. */
        Optional<String> secret();

        /** Delays before the 2nd, 3rd, … attempt after a non-2xx answer or a timeout (Stripe: hours, up to 3 days). */
        @WithDefault("5s,30s,2m,10m,1h")
        List<Duration> retryDelays();

        /** How long one attempt may take before it counts as failed. */
        @WithDefault("10s")
        Duration timeout();
    }

    interface Billing {
        /** Renewal retries: days after the previous failed attempt (Stripe's custom retry schedule). */
        @WithDefault("3,5,7")
        List<Integer> retryDays();

        /** The subscription's status after the last retry failed: {@code canceled} (Stripe's default) or {@code unpaid}. */
        @WithDefault("canceled")
        String afterFinalFailure();

        /** How long a {@code default_incomplete} subscription waits for its first payment (Stripe: 23 hours). */
        @WithDefault("23h")
        Duration incompleteExpiry();
    }
}
