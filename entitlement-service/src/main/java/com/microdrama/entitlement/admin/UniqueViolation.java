package com.microdrama.entitlement.admin;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

/** Recognises PostgreSQL's unique_violation (23505) however Hibernate wrapped it. */
public final class UniqueViolation {
    private UniqueViolation() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
