package com.microdrama.support.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Hits and misses of one answer cache, {@code microdrama_cache_requests_total{cache, result="hit|miss"}}
 * (docs/observability.md); both counters are registered when the cache is made and held, since caches sit on hot
 * paths. The token cache has its own older name ({@code microdrama_verified_tokens_total}).
 */
public final class CacheRequests {
    private final Counter hits;
    private final Counter misses;

    public CacheRequests(MeterRegistry registry, String cache) {
        this.hits = counter(registry, cache, "hit");
        this.misses = counter(registry, cache, "miss");
    }

    /** For a cache built outside CDI (unit tests): counts into a registry nobody exports. */
    public static CacheRequests unexported(String cache) {
        return new CacheRequests(new SimpleMeterRegistry(), cache);
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    private static Counter counter(MeterRegistry registry, String cache, String result) {
        return Counter.builder("microdrama.cache.requests").description("Answer cache lookups by result")
                .tag("cache", cache).tag("result", result).register(registry);
    }
}
