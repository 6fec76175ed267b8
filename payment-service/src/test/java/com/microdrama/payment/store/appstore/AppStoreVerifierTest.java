package com.microdrama.payment.store.appstore;

import com.apple.itunes.storekit.model.Environment;
import com.microdrama.payment.store.ConfiguredFiles;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppStoreVerifierTest {
    private static final byte[] APPLE_ROOT = ConfiguredFiles.read("test", "app-store/AppleRootCA-G3.pem");

    @Test
    void productionTrustsAppleRootCaG3AndNeedsTheAppsAppleId() {
        assertNull(AppStoreVerifier.refusal(List.of(Environment.PRODUCTION, Environment.SANDBOX), List.of(APPLE_ROOT), true));
        assertTrue(AppStoreVerifier.refusal(List.of(Environment.PRODUCTION), List.of(APPLE_ROOT), false)
                .contains("app-apple-id"));
    }

    @Test
    void anotherRootIsRefusedWithProductionAndAllowedForSandboxOnly() throws Exception {
        byte[] foreign = someOtherRoot();
        String refusal = AppStoreVerifier.refusal(List.of(Environment.PRODUCTION), List.of(APPLE_ROOT, foreign), true);
        assertTrue(refusal != null && refusal.contains("not Apple's"), refusal);
        assertNull(AppStoreVerifier.refusal(List.of(Environment.SANDBOX), List.of(foreign), false));
    }

    /** Any root of the JDK's trust store: a real CA that is not Apple's App Store root. */
    private static byte[] someOtherRoot() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            cacerts.load(in, null);
        }
        for (String alias : Collections.list(cacerts.aliases())) {
            Certificate certificate = cacerts.getCertificate(alias);
            if (!alias.toLowerCase(java.util.Locale.ROOT).contains("apple")) {
                return certificate.getEncoded();
            }
        }
        throw new AssertionError("the JDK trust store has no root");
    }

    @Test
    void theBundledRootIsAppleRootCaG3() throws Exception {
        var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(APPLE_ROOT));
        assertEquals("C=US,O=Apple Inc.,OU=Apple Certification Authority,CN=Apple Root CA - G3",
                certificate.getSubjectX500Principal().getName());
    }
}
