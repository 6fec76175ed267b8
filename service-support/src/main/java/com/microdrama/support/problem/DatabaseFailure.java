package com.microdrama.support.problem;

import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What PostgreSQL refused, found anywhere in a failure's cause chain. Hibernate Reactive turns the driver's
 * PgException into a Hibernate JDBCException over a java.sql.SQLException (the PgException itself is gone by then),
 * while plain reactive-client code sees the PgException: all three carry the SQLSTATE, so all three are read.
 *
 * @param sqlState   the SQLSTATE, e.g. {@code 23505} unique_violation, {@code 22021} invalid byte sequence (NUL)
 * @param constraint the violated constraint's name when the driver reports it, else null
 */
public record DatabaseFailure(String sqlState, String constraint) {
    public static final String UNIQUE_VIOLATION = "23505";
    /** character_not_in_repertoire: PostgreSQL text cannot hold a NUL byte. */
    public static final String INVALID_BYTE_SEQUENCE = "22021";

    public static Optional<DatabaseFailure> in(Throwable failure) {
        String sqlState = null;
        String constraint = null;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof PgException pg) {
                sqlState = first(sqlState, pg.getSqlState());
                constraint = first(constraint, pg.getConstraint());
            } else if (t instanceof org.hibernate.exception.ConstraintViolationException cve) {
                sqlState = first(sqlState, cve.getSQLState());
                constraint = first(constraint, cve.getConstraintName());
            } else if (t instanceof JDBCException jdbc) {
                sqlState = first(sqlState, jdbc.getSQLState());
            } else if (t instanceof SQLException sql) {
                sqlState = first(sqlState, sql.getSQLState());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sqlState == null ? Optional.empty() : Optional.of(new DatabaseFailure(sqlState, constraint));
    }

    public boolean is(String state) {
        return state.equals(sqlState);
    }

    private static String first(String known, String candidate) {
        return known != null ? known : candidate;
    }
}
