package com.microdrama.storeemulator.appstore;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;

/**
 * The chains made at start: the trusted one (clients fetch its root and trust it as Apple's), an expired signing leaf
 * under the same intermediate, and a look-alike chain under another root, for tests of forged input.
 */
@ApplicationScoped
public class AppStoreCertificates {

    static final String ROOT_NAME = "Microdrama Local App Store Root CA";

    private final SigningChain valid;
    private final SigningChain expired;
    private final SigningChain untrusted;

    public AppStoreCertificates() {
        Instant now = Instant.now();
        Instant from = CertificateAuthority.daysFrom(now, -1);
        CertificateAuthority.Issued root = CertificateAuthority.root(ROOT_NAME, from, CertificateAuthority.daysFrom(now, 3650));
        CertificateAuthority.Issued intermediate = CertificateAuthority.intermediate(
                "Microdrama Local Worldwide Developer Relations Certification Authority", root, from,
                CertificateAuthority.daysFrom(now, 1825));
        CertificateAuthority.Issued leaf = CertificateAuthority.signingLeaf("Microdrama Local App Store Signing",
                intermediate, from, CertificateAuthority.daysFrom(now, 365));
        CertificateAuthority.Issued expiredLeaf = CertificateAuthority.signingLeaf("Microdrama Local App Store Signing (expired)",
                intermediate, CertificateAuthority.daysFrom(now, -30), CertificateAuthority.daysFrom(now, -3));
        valid = chain(leaf, intermediate, root);
        expired = chain(expiredLeaf, intermediate, root);

        CertificateAuthority.Issued otherRoot = CertificateAuthority.root("Untrusted Look-alike App Store Root CA", from,
                CertificateAuthority.daysFrom(now, 3650));
        CertificateAuthority.Issued otherIntermediate = CertificateAuthority.intermediate(
                "Untrusted Look-alike Developer Relations CA", otherRoot, from, CertificateAuthority.daysFrom(now, 1825));
        CertificateAuthority.Issued otherLeaf = CertificateAuthority.signingLeaf("Untrusted Look-alike App Store Signing",
                otherIntermediate, from, CertificateAuthority.daysFrom(now, 365));
        untrusted = chain(otherLeaf, otherIntermediate, otherRoot);
    }

    public SigningChain chain(Signing signing) {
        return switch (signing) {
            case VALID -> valid;
            case EXPIRED -> expired;
            case UNTRUSTED -> untrusted;
        };
    }

    public byte[] rootDer() {
        try {
            return valid.root().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String rootPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rootDer());
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    private static SigningChain chain(CertificateAuthority.Issued leaf, CertificateAuthority.Issued intermediate,
                                      CertificateAuthority.Issued root) {
        return new SigningChain(leaf.keys().getPrivate(), leaf.certificate(), intermediate.certificate(), root.certificate());
    }
}
