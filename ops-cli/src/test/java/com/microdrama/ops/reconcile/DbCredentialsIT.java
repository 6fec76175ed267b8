package com.microdrama.ops.reconcile;

import com.microdrama.ops.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar logs in to each database with that database's own credentials, from files as Kubernetes mounts
 * the Secrets payment-db and entitlement-db, against the real PostgreSQL. The local server knows only the role
 * microdrama and trusts local connections (no password check), so a role that does not exist on one side shows which
 * side used which login.
 */
class DbCredentialsIT {
    private static ScratchSchemas payments;
    private static ScratchSchemas entitlements;

    @BeforeAll
    static void schemas() throws Exception {
        payments = new ScratchSchemas("payments_test", "payment-service");
        entitlements = new ScratchSchemas("entitlements_test", "entitlement-service");
    }

    @AfterAll
    static void drop() throws Exception {
        payments.close();
        entitlements.close();
    }

    private static final String PASSWORD = "mounted-password-" + java.util.UUID.randomUUID();

    private static Map<String, String> mounted(Path dir, String paymentsUser, String entitlementsUser) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PAYMENTS_DB_URL", payments.jdbcUrl());
        env.put("ENTITLEMENTS_DB_URL", entitlements.jdbcUrl());
        for (String db : new String[] {"payment-db", "entitlement-db"}) {
            Files.createDirectories(dir.resolve(db));
            Files.writeString(dir.resolve(db).resolve("password"), PASSWORD);
        }
        Files.writeString(dir.resolve("payment-db/username"), paymentsUser);
        Files.writeString(dir.resolve("entitlement-db/username"), entitlementsUser);
        env.put("PAYMENTS_DB_USER_FILE", dir.resolve("payment-db/username").toString());
        env.put("PAYMENTS_DB_PASSWORD_FILE", dir.resolve("payment-db/password").toString());
        env.put("ENTITLEMENTS_DB_USER_FILE", dir.resolve("entitlement-db/username").toString());
        env.put("ENTITLEMENTS_DB_PASSWORD_FILE", dir.resolve("entitlement-db/password").toString());
        // a shared user that does not exist: the per-database files must win over it
        env.put("DB_USER", "ops_it_no_shared_role");
        return env;
    }

    @Test
    void eachDatabaseUsesItsOwnMountedCredentials(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.runJar(mounted(dir, "microdrama", "microdrama"), "reconcile", "--user", "ops-it-nobody");
        assertFalse(r.err().contains(PASSWORD), r.err());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(r.out().contains("0 mismatch(es)"), r.out());
    }

    @Test
    void aWrongPaymentsLoginFailsOnThePaymentsDatabaseWithoutPrintingThePassword(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.runJar(mounted(dir, "ops_it_no_payments_role", "microdrama"), "reconcile");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("error: cannot open " + payments.jdbcUrl() + " as ops_it_no_payments_role"), r.err());
        assertFalse(r.err().contains(PASSWORD), r.err());
    }

    @Test
    void aWrongEntitlementsLoginFailsOnTheEntitlementsDatabase(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.runJar(mounted(dir, "microdrama", "ops_it_no_entitlements_role"), "reconcile");
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().contains("error: cannot open " + entitlements.jdbcUrl() + " as ops_it_no_entitlements_role"),
                r.err());
        assertFalse(r.err().contains(PASSWORD), r.err());
    }
}
