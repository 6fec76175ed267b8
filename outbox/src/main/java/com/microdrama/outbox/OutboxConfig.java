package com.microdrama.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every knob of the outbox relay ({@code outbox.*}), each default stated here and nowhere else.
 *
 * <p>A library cannot know the root mapping of the service that uses it, so the outbox keeps its own small mapping;
 * a service overrides a knob in its {@code application.properties} (a {@code %test} value, say) under the same names.
 * The names are read by {@link OutboxTick}'s schedule too, which sees these defaults through the service's config.
 */
@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {

    /** The safety-net tick ({@link OutboxTick}): commits nudge the relay at once, the tick catches what they missed. */
    @WithDefault("1s")
    Duration interval();

    /** The first tick after start-up. */
    @WithDefault("1s")
    Duration initialDelay();

    /** Rows per relay pass. */
    @WithDefault("100")
    int batchSize();

    /** How long a pass waits for one send's acknowledgement; longer than {@link #deliveryTimeout()}. */
    @WithDefault("PT35S")
    Duration sendTimeout();

    /**
     * The producer's {@code delivery.timeout.ms}: a send fails, and the pass ends, within this long while the broker
     * is away.
     */
    @WithDefault("PT30S")
    Duration deliveryTimeout();

    /**
     * How long a published row is kept ({@link OutboxPurge}): long enough to look into what was sent and when,
     * short enough that the table stays small. Unpublished rows are never purged.
     */
    @WithDefault("P7D")
    Duration retention();

    /** How often the purge runs (also its delay after start-up). */
    @WithDefault("10m")
    Duration purgeInterval();

    /**
     * How often {@link OutboxMetrics} counts the unpublished rows: a scrape reads the last count and never waits on
     * the database (docs/decisions/0026-business-metrics.md).
     */
    @WithDefault("15s")
    Duration metricsInterval();

    /** Rows deleted per purge statement: each batch is its own short transaction, however big the backlog. */
    @WithDefault("1000")
    int purgeBatchSize();
}
