package com.microdrama.catalog.readcache;

import com.microdrama.catalog.config.CatalogConfig;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
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
@ApplicationScoped
public class CatalogReadCache {
    private final Cache<Object, Object> entries;
    private final AtomicLong generation = new AtomicLong();
    private final SingleFlight<Object> loads = new SingleFlight<>();
    private final boolean enabled;

    @Inject
    public CatalogReadCache(CatalogConfig config) {
        this(config.readCache().ttl(), config.readCache().maxEntries());
    }

    public CatalogReadCache(Duration ttl, long maxEntries) {
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
            return Uni.createFrom().item((T) hit);
        }
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
