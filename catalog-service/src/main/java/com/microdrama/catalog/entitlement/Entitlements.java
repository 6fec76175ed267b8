package com.microdrama.catalog.entitlement;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The guarded way to ask entitlement-service. Playback sits on the viewer's critical path, so a slow or broken
 * entitlement-service must cost at most ~1 s and then stop being called for a while (circuit breaker); callers
 * fail closed. One quick retry covers a dropped connection, but never a timeout (that would double the wait).
 */
@ApplicationScoped
public class Entitlements {

    private final EntitlementClient client;

    public Entitlements(@RestClient EntitlementClient client) {
        this.client = client;
    }

    @Timeout(800)
    @Retry(maxRetries = 1, delay = 50, abortOn = {TimeoutException.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @CircuitBreakerName("entitlements-check")
    public Uni<EntitlementCheck> check(String userId, String episodeId, String region) {
        return client.check(userId, episodeId, region);
    }

    @Timeout(800)
    @Retry(maxRetries = 1, delay = 50, abortOn = {TimeoutException.class, CircuitBreakerOpenException.class})
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @CircuitBreakerName("entitlements-series")
    public Uni<SeriesEntitlements> forSeries(String userId, String seriesId, String region) {
        return client.series(userId, seriesId, region);
    }
}
