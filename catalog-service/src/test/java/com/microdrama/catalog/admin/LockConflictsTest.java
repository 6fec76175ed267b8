package com.microdrama.catalog.admin;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.LockAcquisitionException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockConflictsTest {

    @Test
    void aDeadlockVictimIsRetried() {
        assertTrue(LockConflicts.isLockConflict(new LockAcquisitionException("deadlock", new SQLException("x", "40P01"))));
        assertTrue(LockConflicts.isLockConflict(new RuntimeException(
                new PgException("deadlock detected", "ERROR", "40P01", "detail"))));
        assertTrue(LockConflicts.isLockConflict(new PgException("could not serialize", "ERROR", "40001", null)));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(LockConflicts.isLockConflict(new PgException("duplicate key", "ERROR", "23505", null)));
        assertFalse(LockConflicts.isLockConflict(new IllegalStateException("unknown series")));
    }
}
