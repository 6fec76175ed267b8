package com.microdrama.support.metrics;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Counts a fact once its transaction committed, and never for an attempt that rolled back
 * (docs/decisions/0026-business-metrics.md). The business rule calls {@link #count} inside the transaction where the
 * fact becomes true; {@link #counting} wraps the transaction and runs those counts when it committed, dropping them
 * when it failed. An idempotent replay runs no business rule, so it counts nothing.
 *
 * <p>The counts of one unit of work are kept in its Vert.x duplicated context (where Hibernate Reactive keeps its
 * session too), so no parameter has to be threaded through the business code. A nested {@link #counting} joins the
 * outer one, as a nested transaction joins the outer transaction. A {@link #count} outside any {@link #counting} (a
 * fact that is not written in a transaction of ours) counts at once.
 */
public final class AfterCommit {
    private static final String KEY = AfterCommit.class.getName();

    private AfterCommit() {
    }

    /** Runs {@code count} when the enclosing {@link #counting} unit commits (at once when there is none). */
    public static void count(Runnable count) {
        List<Runnable> pending = VertxContext.isOnDuplicatedContext()
                ? ContextLocals.<List<Runnable>>get(KEY).orElse(null) : null;
        if (pending == null) {
            count.run();
        } else {
            pending.add(count);
        }
    }

    /**
     * Subscribes to {@code transaction} (one attempt: it must begin and commit the transaction, e.g.
     * {@code Panache.withTransaction}), then runs the counts it registered if it succeeded.
     */
    public static <T> Uni<T> counting(Supplier<Uni<T>> transaction) {
        return Uni.createFrom().deferred(() -> {
            // no duplicated context: no transaction of Hibernate Reactive either, so nothing to wait for
            if (!VertxContext.isOnDuplicatedContext() || ContextLocals.get(KEY).isPresent()) {
                return transaction.get();
            }
            List<Runnable> pending = new ArrayList<>(2);
            ContextLocals.put(KEY, pending);
            return transaction.get()
                    .onTermination().invoke(() -> ContextLocals.remove(KEY))
                    .invoke(() -> pending.forEach(Runnable::run));
        });
    }
}
