package com.microdrama.support.messaging;

import com.microdrama.support.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a consumer of ours dead-letters: its unit of work runs under {@link TransientRetry} (outages are waited
 * out, decision 0024), and a failure of the permanent type fails the returned Uni, which the channel's
 * {@code failure-strategy=dead-letter-queue} sends to the dead-letter topic. That failure is counted here, per channel:
 * {@code microdrama_dead_lettered_total{channel}} (docs/decisions/0026-business-metrics.md).
 *
 * <p>Every incoming channel configured with the dead-letter-queue strategy is registered at 0 on start, so an alert on
 * its growth sees 0 rather than nothing.
 */
@Startup
@ApplicationScoped
public class DeadLetters {
    private static final Pattern DLQ_CHANNEL = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.failure-strategy");

    private final CounterFamily deadLettered;

    public DeadLetters(MeterRegistry registry) {
        this.deadLettered = new CounterFamily(registry, "microdrama.dead.lettered",
                "Records this service sent to its dead-letter topic", "channel");
        Config config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            Matcher channel = DLQ_CHANNEL.matcher(name);
            if (channel.matches() && "dead-letter-queue".equals(config.getOptionalValue(name, String.class).orElse(null))) {
                deadLettered.register(channel.group(1));
            }
        }
    }

    /**
     * {@code work} retried until it passes or fails with {@code permanent}; that failure is counted for
     * {@code channel} and passed on, to be dead-lettered by the channel's failure strategy.
     */
    public <T> Uni<T> consume(String channel, Supplier<Uni<T>> work, Class<? extends Throwable> permanent) {
        return TransientRetry.of(work, permanent)
                .onFailure(permanent).invoke(() -> deadLettered.increment(channel));
    }
}
