package com.microdrama.payment.webhook;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** {@code payment.stripe.*}: the webhook endpoint's secret and what its events must agree with. */
@ConfigMapping(prefix = "payment.stripe")
public interface StripeConfig {

    /** The endpoint's signing secret ({@code whsec_…}). */
    String webhookSecret();

    /** How old a signed timestamp may be, in seconds (replays). */
    long webhookToleranceSeconds();

    /** The {@code livemode} every event must carry: false for a test-mode endpoint, true in production. */
    boolean livemode();

    /** How much longer than the plan's length a paid invoice may extend access (billing anchors, clock skew). */
    Duration renewalSlack();
}
