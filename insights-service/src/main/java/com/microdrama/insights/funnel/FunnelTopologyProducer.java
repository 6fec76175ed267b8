package com.microdrama.insights.funnel;

import com.microdrama.insights.config.InsightsConfig;
import com.microdrama.events.viewer.Pseudonyms;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.Topology;

import java.util.Optional;

/** The topology Quarkus' Kafka Streams runs, with the counters of what it skipped. */
@ApplicationScoped
public class FunnelTopologyProducer {

    // Singleton, not ApplicationScoped: Kafka Streams reads the Topology's fields, which a client proxy does not have
    @Produces
    @Singleton
    Topology funnel(InsightsConfig config, MeterRegistry registry) {
        Counter invalid = skipped(registry, "invalid");
        Counter late = skipped(registry, "late");
        return FunnelTopology.build(config.topics().viewing(), config.topics().payment(), config.topics().catalog(),
                new FactReader(Pseudonyms.withKey(Optional.of(config.pseudonymKey()))), config.grace(),
                config.refundWindow(), invalid::increment, late::increment);
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder("microdrama.insights.skipped")
                .description("Records the funnel did not count: invalid (not a valid event; catalog-events:"
                        + " a dead letter), late (after its day's grace)")
                .tag("reason", reason)
                .register(registry);
    }
}
