package com.microdrama.support.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Arrays;

/**
 * Buckets for Quarkus' HTTP server timer ({@code http.server.requests}), which by default exports only a count, a sum
 * and a max: the "API health" dashboard's p99 per service needs {@code http_server_requests_seconds_bucket}
 * (docs/decisions/0027-dashboards-and-alerts.md). Ten fixed buckets, not Micrometer's ~70 percentile-histogram ones,
 * because the timer already has a series per URI template, method and status.
 */
public class HttpServerHistogram {
    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    /** Quarkus applies every MeterFilter bean to its registries. */
    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        return filter();
    }

    static MeterFilter filter() {
        double[] nanos = Arrays.stream(BUCKETS).mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
