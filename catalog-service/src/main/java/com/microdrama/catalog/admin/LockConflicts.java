package com.microdrama.catalog.admin;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.LockAcquisitionException;

import java.util.Set;

/** Failures after which PostgreSQL rolled the whole transaction back and running it again may succeed. */
final class LockConflicts {
    /** deadlock_detected, serialization_failure */
    private static final Set<String> RETRYABLE_STATES = Set.of("40P01", "40001");

    private LockConflicts() {
    }

    static boolean isLockConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LockAcquisitionException) {
                return true;
            }
            if (t instanceof PgException pg && RETRYABLE_STATES.contains(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
