package com.microdrama.support.problem;

import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;

import java.sql.SQLException;
import java.util.function.BiConsumer;
import java.util.Optional;

/**
 * What PostgreSQL refused, found anywhere in a failure's cause chain. Hibernate Reactive turns the driver's
 * PgException into a Hibernate JDBCException over a java.sql.SQLException (the PgException itself is gone by then),
 * while plain reactive-client code sees the PgException: all three carry the SQLSTATE, so all three are read.
 *
 * <p>The driver and Hibernate are optional (provided) dependencies: a service without a database (insights-service)
 * has neither, so their classes are only touched through holders that are loaded when the class is present.
 *
 * @param sqlState   the SQLSTATE, e.g. {@code 23505} unique_violation, {@code 22021} invalid byte sequence (NUL)
 * @param constraint the violated constraint's name when the driver reports it, else null
 */
public record DatabaseFailure(String sqlState, String constraint) {
    public static final String UNIQUE_VIOLATION = "23505";
    /** character_not_in_repertoire: PostgreSQL text cannot hold a NUL byte. */
    public static final String INVALID_BYTE_SEQUENCE = "22021";

    private static final boolean PG_CLIENT = present("io.vertx.pgclient.PgException");
    private static final boolean HIBERNATE = present("org.hibernate.JDBCException");

    public static Optional<DatabaseFailure> in(Throwable failure) {
        String[] found = new String[2]; // sqlState, constraint: the first of each along the chain
        BiConsumer<String, String> seen = (state, constraint) -> {
            found[0] = first(found[0], state);
            found[1] = first(found[1], constraint);
        };
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            boolean read = (PG_CLIENT && PgClient.read(t, seen)) || (HIBERNATE && Hibernate.read(t, seen));
            if (!read && t instanceof SQLException sql) {
                seen.accept(sql.getSQLState(), null);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return found[0] == null ? Optional.empty() : Optional.of(new DatabaseFailure(found[0], found[1]));
    }

    private static final class PgClient {
        static boolean read(Throwable t, BiConsumer<String, String> seen) {
            if (t instanceof PgException pg) {
                seen.accept(pg.getSqlState(), pg.getConstraint());
                return true;
            }
            return false;
        }
    }

    private static final class Hibernate {
        static boolean read(Throwable t, BiConsumer<String, String> seen) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve) {
                seen.accept(cve.getSQLState(), cve.getConstraintName());
                return true;
            }
            if (t instanceof JDBCException jdbc) {
                seen.accept(jdbc.getSQLState(), null);
                return true;
            }
            return false;
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, DatabaseFailure.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    public boolean is(String state) {
        return state.equals(sqlState);
    }

    private static String first(String known, String candidate) {
        return known != null ? known : candidate;
    }
}
