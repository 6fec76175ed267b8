package com.microdrama.catalog.entitlement;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Answers refused because entitlement-service could not be asked, {@code microdrama_fail_closed_total{reason}}
 * (docs/decisions/0026-business-metrics.md): every caller of {@link EntitlementLookup} fails closed on a failed
 * lookup (playback answers 503, the series page shows paid episodes locked), so each failed lookup is one refused
 * answer. Reasons: {@code timeout} (no answer within the client's timeout), {@code circuit_open} (not asked: the
 * breaker is open), {@code error} (any other failure: refused connection, 5xx).
 */
public final class FailClosedMetrics {
    private final Counter timeout;
    private final Counter circuitOpen;
    private final Counter error;

    public FailClosedMetrics(MeterRegistry registry) {
        this.timeout = counter(registry, "timeout");
        this.circuitOpen = counter(registry, "circuit_open");
        this.error = counter(registry, "error");
    }

    void failed(Throwable failure) {
        (failure instanceof TimeoutException ? timeout
                : failure instanceof CircuitBreakerOpenException ? circuitOpen : error).increment();
    }

    private static Counter counter(MeterRegistry registry, String reason) {
        return Counter.builder("microdrama.fail.closed")
                .description("Answers refused because entitlement-service could not be asked")
                .tag("reason", reason).register(registry);
    }
}
