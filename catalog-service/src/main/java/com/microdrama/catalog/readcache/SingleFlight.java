package com.microdrama.catalog.readcache;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * One load per key at a time: callers that miss a cache while the same key is already loading wait for that load
 * instead of starting their own. Without it, 32 viewers opening a page whose entry just expired sent 32 identical
 * queries and 32 entitlement calls at once, and the slowest of them (timeouts, an opened circuit breaker) became
 * the page's p99 (the bench's series_page load).
 *
 * <p>The load runs on the context of the caller that started it (Hibernate Reactive needs its session there); every
 * caller gets the answer back on its own Vert.x context. A failed load is shared with the callers already waiting,
 * and the next caller starts a new one.
 */
public final class SingleFlight<K> {
    private final ConcurrentMap<K, Uni<Object>> inFlight = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <T> Uni<T> load(K key, Supplier<Uni<T>> loader) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<Object> shared = inFlight.computeIfAbsent(key, k -> {
                Uni<Object> once = ((Uni<Object>) loader.get())
                        // a statement lambda: an expression one would return the removed Uni and make Mutiny wait for it
                        .eventually(() -> {
                            inFlight.remove(k);
                        })
                        .memoize().indefinitely();
                return once;
            });
            Uni<T> answer = (Uni<T>) shared;
            return caller == null ? answer : answer.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    /** Loads in progress (for tests). */
    int inFlight() {
        return inFlight.size();
    }
}
