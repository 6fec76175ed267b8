package com.microdrama.support.problem;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseUnavailableTest {

    @Test
    void aLostOrRefusedConnectionOrAShuttingDownServerIsUnavailability() {
        assertTrue(DatabaseUnavailable.in(new RuntimeException(ClosedConnectionException.INSTANCE)));
        assertTrue(DatabaseUnavailable.in(new ConnectException("Connection refused")));
        assertTrue(DatabaseUnavailable.in(new java.net.SocketException("Connection reset")));
        assertTrue(DatabaseUnavailable.in(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(DatabaseUnavailable.in(new CompositeException(new IllegalStateException("rollback failed"),
                ClosedConnectionException.INSTANCE)));
    }

    @Test
    void refusalsOfTheRequestItselfAreNot() {
        assertFalse(DatabaseUnavailable.in(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(DatabaseUnavailable.in(new IllegalStateException("bug")));
    }
}
