package com.microdrama.catalog.entitlement;

import com.microdrama.catalog.config.CatalogConfig;
import com.microdrama.catalog.readcache.SingleFlight;
import io.smallrye.mutiny.Uni;
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
@ApplicationScoped
public class EntitlementLookup {
    private final Entitlements entitlements;
    private final EntitlementCache cache;
    private final boolean caching;
    private final Clock clock;
    private final SingleFlight<List<String>> loads = new SingleFlight<>();

    @Inject
    public EntitlementLookup(Entitlements entitlements, CatalogConfig config, Clock clock) {
        this(entitlements, config.entitlementCache().ttl(), config.entitlementCache().maxUsers(), clock);
    }

    public EntitlementLookup(Entitlements entitlements, Duration ttl, long maxUsers, Clock clock) {
        this.clock = clock;
        this.entitlements = entitlements;
        this.caching = !ttl.isZero() && !ttl.isNegative();
        this.cache = new EntitlementCache(caching ? ttl : Duration.ofMillis(1), maxUsers);
    }

    /** @param region the viewer's trusted region (region promos), see {@code Viewer#region} */
    public Uni<EntitlementCheck> check(String userId, String episodeId, String region) {
        if (!caching) {
            return entitlements.check(userId, episodeId, region);
        }
        Optional<EntitlementCheck> hit = cache.allowed(userId, region, episodeId, clock.instant());
        if (hit.isPresent()) {
            return Uni.createFrom().item(hit.get());
        }
        return loads.load(List.of("check", userId, episodeId, region), () -> {
            long ticket = cache.ticket();
            return entitlements.check(userId, episodeId, region)
                    .invoke(answer -> cache.rememberCheck(userId, region, answer, ticket, clock.instant()));
        });
    }

    public Uni<SeriesEntitlements> forSeries(String userId, String seriesId, String region) {
        if (!caching) {
            return entitlements.forSeries(userId, seriesId, region);
        }
        Optional<SeriesEntitlements> hit = cache.series(userId, region, seriesId, clock.instant());
        if (hit.isPresent()) {
            return Uni.createFrom().item(hit.get());
        }
        return loads.load(List.of("series", userId, seriesId, region), () -> {
            long ticket = cache.ticket();
            return entitlements.forSeries(userId, seriesId, region)
                    .invoke(answer -> cache.rememberSeries(userId, region, answer, ticket, clock.instant()));
        });
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
