package com.microdrama.entitlement.access;

import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that wait for a user's next grant ({@code GET /api/entitlements/check?waitMs=}), woken when one commits.
 * A check watches <em>before</em> it reads, so a grant that commits between its read and its wait still wakes it.
 * Plain class: {@link GrantNotices} feeds it from PostgreSQL, unit tests call {@link #wake} directly.
 */
public final class GrantWaiters {

    /** Per user, the waiters of that moment; a wake takes the whole set, a new watch starts a new one. */
    private final ConcurrentHashMap<String, Set<Waiter>> byUser = new ConcurrentHashMap<>();

    public Waiter watch(String userId) {
        Waiter waiter = new Waiter(userId);
        byUser.compute(userId, (user, waiters) -> {
            Set<Waiter> set = waiters == null ? new HashSet<>() : waiters;
            set.add(waiter);
            return set;
        });
        return waiter;
    }

    /** Something was granted to {@code userId}: every check waiting for that user reads again. */
    public void wake(String userId) {
        wake(userId, SpanContext.getInvalid());
    }

    /** The same, told by the grant whose span is {@code grant} (invalid when it ran outside a trace). */
    public void wake(String userId, SpanContext grant) {
        Set<Waiter> waiters = byUser.remove(userId);
        if (waiters != null) {
            waiters.forEach(w -> w.woken.complete(grant));
        }
    }

    /** Notices may have been missed (the listening connection was lost): every waiting check reads again. */
    public void wakeAll() {
        byUser.keySet().forEach(this::wake);
    }

    public int waiting() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    public final class Waiter {
        private final String userId;
        /** Completed with the waking grant's span context (invalid without one). */
        private final CompletableFuture<SpanContext> woken = new CompletableFuture<>();

        private Waiter(String userId) {
            this.userId = userId;
        }

        /**
         * Completes when woken or after {@code atMost}, whichever comes first; then this waiter is done. The item is
         * the span context of the grant that woke it, invalid after a timeout or a wake without one.
         */
        public Uni<SpanContext> woken(Duration atMost) {
            // a copy: the timeout cancels what it waits on, and that must not look like a wake
            return Uni.createFrom().completionStage(woken.copy())
                    .ifNoItem().after(atMost).recoverWithItem(SpanContext.getInvalid())
                    .eventually(this::cancel);
        }

        public boolean isWoken() {
            return woken.isDone();
        }

        /** Stops watching (the check has its answer). */
        public void cancel() {
            byUser.computeIfPresent(userId, (user, waiters) -> {
                waiters.remove(this);
                return waiters.isEmpty() ? null : waiters;
            });
        }
    }
}
