package com.microdrama.ops.reconcile;

import com.microdrama.ops.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DbOptionsTest {

    private static DbOptions with(Map<String, String> env) {
        DbOptions o = new DbOptions();
        o.environment = env;
        return o;
    }

    @Test
    void withNothingSetBothUseTheLocalPlatformsRole() {
        DbOptions o = with(Map.of());
        assertEquals(new DbOptions.Login("microdrama", "microdrama"), o.login("PAYMENTS", null, null));
        assertEquals(new DbOptions.Login("microdrama", "microdrama"), o.login("ENTITLEMENTS", null, null));
    }

    @Test
    void theSharedSettingsAreTheFallbackOfEachDatabase() {
        DbOptions o = with(Map.of("DB_USER", "shared", "DB_PASSWORD", "shared-pw"));
        assertEquals(new DbOptions.Login("shared", "shared-pw"), o.login("PAYMENTS", null, null));
        o.sharedUser = "cli";
        o.sharedPassword = "cli-pw";
        assertEquals(new DbOptions.Login("cli", "cli-pw"), o.login("ENTITLEMENTS", null, null));
    }

    @Test
    void perDatabaseEnvAndFilesWinOverTheSharedOnes(@TempDir Path dir) throws Exception {
        // as Kubernetes mounts Secret entitlement-db: one file per key, written without a final newline or with one
        Path user = Files.writeString(dir.resolve("username"), "entitlement\n");
        Path password = Files.writeString(dir.resolve("password"), "ent-pw");
        DbOptions o = with(Map.of(
                "PAYMENTS_DB_USER", "payment", "PAYMENTS_DB_PASSWORD", "pay-pw",
                "ENTITLEMENTS_DB_USER_FILE", user.toString(), "ENTITLEMENTS_DB_PASSWORD_FILE", password.toString(),
                "DB_USER", "shared", "DB_PASSWORD", "shared-pw"));
        o.sharedPassword = "cli-pw";
        assertEquals(new DbOptions.Login("payment", "pay-pw"), o.login("PAYMENTS", null, null));
        assertEquals(new DbOptions.Login("entitlement", "ent-pw"), o.login("ENTITLEMENTS", null, null));
        // the per-database options win over everything
        Path other = Files.writeString(dir.resolve("other"), "opt-pw\r\n");
        assertEquals(new DbOptions.Login("opt-user", "opt-pw"), o.login("PAYMENTS", "opt-user", other));
    }

    @Test
    void anUnreadableOrEmptyFileIsAUsageErrorThatNamesTheVariable(@TempDir Path dir) throws Exception {
        DbOptions missing = with(Map.of("PAYMENTS_DB_PASSWORD_FILE", dir.resolve("nope").toString()));
        OpsException e = assertThrows(OpsException.class, () -> missing.login("PAYMENTS", null, null));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("PAYMENTS_DB_PASSWORD_FILE"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        DbOptions blank = with(Map.of("ENTITLEMENTS_DB_PASSWORD_FILE", empty.toString()));
        assertThrows(OpsException.class, () -> blank.login("ENTITLEMENTS", null, null));
    }

    @Test
    void aLoginNeverPrintsItsPassword() {
        assertFalse(new DbOptions.Login("payment", "pay-pw-secret").toString().contains("pay-pw-secret"));
    }
}
