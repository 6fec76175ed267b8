package com.microdrama.catalog.entitlement;

import com.microdrama.catalog.config.CatalogConfig;
import com.microdrama.catalog.readcache.SingleFlight;
import io.smallrye.mutiny.Uni;
import com.microdrama.support.metrics.CacheRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What catalog asks about entitlements: the cache first ({@link EntitlementCache}, kept fresh by
 * {@link EntitlementEventsListener}), then entitlement-service through the guarded client ({@link Entitlements}:
 * timeout, retry, circuit breaker). With a zero time-to-live every question goes to entitlement-service.
 */
@Startup
@ApplicationScoped
public class EntitlementLookup {
    static final String CACHE = "entitlements";

    private final Entitlements entitlements;
    private final EntitlementCache cache;
    private final boolean caching;
    private final Clock clock;
    private final SingleFlight<List<String>> loads = new SingleFlight<>();
    private final CacheRequests requests;
    private final FailClosedMetrics failClosed;

    // @Startup: the cache and fail-closed counters are exported at 0 from the start (docs/observability.md)
    @Inject
    public EntitlementLookup(Entitlements entitlements, CatalogConfig config, Clock clock, MeterRegistry registry) {
        this(entitlements, config.entitlementCache().ttl(), config.entitlementCache().maxUsers(), clock,
                new CacheRequests(registry, CACHE), new FailClosedMetrics(registry));
    }

    public EntitlementLookup(Entitlements entitlements, Duration ttl, long maxUsers, Clock clock) {
        this(entitlements, ttl, maxUsers, clock, CacheRequests.unexported(CACHE),
                new FailClosedMetrics(new SimpleMeterRegistry()));
    }

    private EntitlementLookup(Entitlements entitlements, Duration ttl, long maxUsers, Clock clock,
                              CacheRequests requests, FailClosedMetrics failClosed) {
        this.requests = requests;
        this.failClosed = failClosed;
        this.clock = clock;
        this.entitlements = entitlements;
        this.caching = !ttl.isZero() && !ttl.isNegative();
        this.cache = new EntitlementCache(caching ? ttl : Duration.ofMillis(1), maxUsers);
    }

    /** @param region the viewer's trusted region (region promos), see {@code Viewer#region} */
    public Uni<EntitlementCheck> check(String userId, String episodeId, String region) {
        if (!caching) {
            return entitlements.check(userId, episodeId, region).onFailure().invoke(failClosed::failed);
        }
        Optional<EntitlementCheck> hit = cache.allowed(userId, region, episodeId, clock.instant());
        if (hit.isPresent()) {
            requests.hit();
            return Uni.createFrom().item(hit.get());
        }
        requests.miss();
        return loads.load(List.of("check", userId, episodeId, region), () -> {
            long ticket = cache.ticket();
            return entitlements.check(userId, episodeId, region)
                    .invoke(answer -> cache.rememberCheck(userId, region, answer, ticket, clock.instant()));
        }).onFailure().invoke(failClosed::failed);
    }

    public Uni<SeriesEntitlements> forSeries(String userId, String seriesId, String region) {
        if (!caching) {
            return entitlements.forSeries(userId, seriesId, region).onFailure().invoke(failClosed::failed);
        }
        Optional<SeriesEntitlements> hit = cache.series(userId, region, seriesId, clock.instant());
        if (hit.isPresent()) {
            requests.hit();
            return Uni.createFrom().item(hit.get());
        }
        requests.miss();
        return loads.load(List.of("series", userId, seriesId, region), () -> {
            long ticket = cache.ticket();
            return entitlements.forSeries(userId, seriesId, region)
                    .invoke(answer -> cache.rememberSeries(userId, region, answer, ticket, clock.instant()));
        }).onFailure().invoke(failClosed::failed);
    }

    /** An entitlement of this user was granted, extended or revoked somewhere. */
    public void changed(String userId) {
        cache.invalidate(userId);
    }

    /** A region promo started or ended: it may concern any viewer. */
    public void changedForEveryone() {
        cache.invalidateAll();
    }
}
