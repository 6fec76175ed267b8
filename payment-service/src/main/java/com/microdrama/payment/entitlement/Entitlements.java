package com.microdrama.payment.entitlement;

import com.microdrama.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Asks entitlement-service what grants (VIP, promos, admin grants: things only it knows) already open for a buyer,
 * before coins are taken. Guarded like catalog-service's calls: at most ~1 s, one quick retry of a dropped
 * connection (never of a timeout), and a circuit breaker. Fails CLOSED: without an answer nothing is sold
 * (503 {@code entitlements-unavailable}), because charging for what may already be open is the failure we prevent.
 */
@ApplicationScoped
public class Entitlements {

    private final Guarded guarded;

    public Entitlements(Guarded guarded) {
        this.guarded = guarded;
    }

    public Uni<SeriesAccess> forSeries(String userId, String seriesId, String region) {
        return guarded.series(userId, seriesId, region).onFailure().transform(e -> {
            Log.warnf("entitlement-service did not answer for series %s: %s", seriesId, e.toString());
            return new ProblemException(503, "entitlements-unavailable", "Entitlements unavailable",
                    "We cannot tell right now what you already have access to, so nothing was charged; try again shortly");
        });
    }

    /** The fault-tolerant call itself (a bean of its own so the interceptors apply). */
    @ApplicationScoped
    public static class Guarded {
        private final EntitlementClient client;

        public Guarded(@RestClient EntitlementClient client) {
            this.client = client;
        }

        @Timeout(800)
        @Retry(maxRetries = 1, delay = 50, abortOn = {TimeoutException.class, CircuitBreakerOpenException.class})
        @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
        @CircuitBreakerName("payment-entitlements-series")
        public Uni<SeriesAccess> series(String userId, String seriesId, String region) {
            // 404: entitlement-service knows no published series of that id, so no grant of it can open anything
            // (an answer, not a fault: it neither fails the sale nor counts against the circuit breaker)
            return client.series(userId, seriesId, region)
                    .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                    .recoverWithItem(() -> new SeriesAccess(seriesId, List.of()));
        }
    }
}
