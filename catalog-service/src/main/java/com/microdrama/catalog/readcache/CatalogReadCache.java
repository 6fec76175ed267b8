package com.microdrama.catalog.readcache;

import com.microdrama.catalog.config.CatalogConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import com.microdrama.support.metrics.CacheRequests;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The published catalog, as the read path last loaded it: series pages and playable episodes per (id, language,
 * region). The catalog changes only through the admin API, a few times a day, while viewers read it thousands of
 * times a second, so every read from PostgreSQL is reused until an admin write on this instance clears the cache
 * or the entry's time-to-live ends (other replicas see a change after at most that time).
 *
 * <p>A load that started before an invalidation never stores its (possibly older) answer: each load remembers the
 * generation it began in. Failures (unknown series, not in region) are not cached. Concurrent misses of one key
 * share one load ({@link SingleFlight}).
 */
@Startup
@ApplicationScoped
public class CatalogReadCache {
    static final String CACHE = "catalog";

    private final Cache<Object, Object> entries;
    private final AtomicLong generation = new AtomicLong();
    private final SingleFlight<Object> loads = new SingleFlight<>();
    private final boolean enabled;
    private final CacheRequests requests;

    // @Startup: its cache counters are exported at 0 from the start (docs/observability.md)
    @Inject
    public CatalogReadCache(CatalogConfig config, MeterRegistry registry) {
        this(config.readCache().ttl(), config.readCache().maxEntries(), new CacheRequests(registry, CACHE));
    }

    public CatalogReadCache(Duration ttl, long maxEntries) {
        this(ttl, maxEntries, CacheRequests.unexported(CACHE));
    }

    private CatalogReadCache(Duration ttl, long maxEntries, CacheRequests requests) {
        this.requests = requests;
        this.enabled = !ttl.isZero() && !ttl.isNegative();
        this.entries = Caffeine.newBuilder().expireAfterWrite(enabled ? ttl : Duration.ofMillis(1))
                .maximumSize(maxEntries).build();
    }

    /** The cached value of {@code key}, else {@code loader}'s (stored unless the catalog changed meanwhile). */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> get(Object key, Supplier<Uni<T>> loader) {
        if (!enabled) {
            return loader.get();
        }
        Object hit = entries.getIfPresent(key);
        if (hit != null) {
            requests.hit();
            return Uni.createFrom().item((T) hit);
        }
        requests.miss();
        return loads.load(key, () -> {
            long startedIn = generation.get();
            return loader.get().invoke(value -> {
                if (value != null && generation.get() == startedIn) {
                    entries.put(key, value);
                }
            });
        });
    }

    /** After every committed catalog write: the next read loads the new state. */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }
}
