package com.microdrama.catalog.readcache;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CatalogReadCacheTest {
    private final AtomicInteger loads = new AtomicInteger();

    private Uni<String> load() {
        return Uni.createFrom().item(() -> "v" + loads.incrementAndGet());
    }

    @Test
    void aSecondReadIsServedFromTheCache() {
        CatalogReadCache cache = new CatalogReadCache(Duration.ofSeconds(10), 100);

        assertEquals("v1", cache.get("k", this::load).await().indefinitely());
        assertEquals("v1", cache.get("k", this::load).await().indefinitely());
        assertEquals("v2", cache.get("other", this::load).await().indefinitely());
    }

    @Test
    void anAdminWriteMakesTheNextReadLoadAgain() {
        CatalogReadCache cache = new CatalogReadCache(Duration.ofSeconds(10), 100);
        cache.get("k", this::load).await().indefinitely();

        cache.invalidateAll();

        assertEquals("v2", cache.get("k", this::load).await().indefinitely());
    }

    @Test
    void aLoadThatOverlapsAWriteIsNotKept() {
        CatalogReadCache cache = new CatalogReadCache(Duration.ofSeconds(10), 100);
        // the write commits while the first load is still reading
        cache.get("k", () -> load().invoke(cache::invalidateAll)).await().indefinitely();

        assertEquals("v2", cache.get("k", this::load).await().indefinitely());
    }

    @Test
    void failuresAreNotCached() {
        CatalogReadCache cache = new CatalogReadCache(Duration.ofSeconds(10), 100);
        assertThrows(IllegalStateException.class, () -> cache.get("k",
                () -> Uni.createFrom().<String>failure(new IllegalStateException("unknown series"))).await().indefinitely());

        assertEquals("v1", cache.get("k", this::load).await().indefinitely());
    }

    @Test
    void aZeroTimeToLiveTurnsCachingOff() {
        CatalogReadCache cache = new CatalogReadCache(Duration.ZERO, 100);
        cache.get("k", this::load).await().indefinitely();

        assertEquals("v2", cache.get("k", this::load).await().indefinitely());
    }
}
