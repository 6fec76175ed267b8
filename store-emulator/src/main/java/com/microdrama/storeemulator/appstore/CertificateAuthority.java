package com.microdrama.storeemulator.appstore;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Makes certificates shaped like Apple's App Store signing chain (Apple Root CA - G3, the WWDR intermediate, the
 * "Prod ECC Mac App Store and iTunes Store Receipt Signing" leaf): EC P-256 keys, SHA256withECDSA, and the two Apple
 * marker extensions that app-store-server-library's AppleExtensionCertPathChecker requires, both non-critical.
 */
final class CertificateAuthority {

    /** Marks Apple's WWDR intermediate. */
    static final ASN1ObjectIdentifier INTERMEDIATE_MARKER = new ASN1ObjectIdentifier("1.2.840.113635.100.6.2.1");
    /** Marks a certificate that signs App Store data. */
    static final ASN1ObjectIdentifier SIGNING_MARKER = new ASN1ObjectIdentifier("1.2.840.113635.100.6.11.1");

    private static final SecureRandom RANDOM = new SecureRandom();

    record Issued(KeyPair keys, X509Certificate certificate, X500Name name) {
    }

    private CertificateAuthority() {
    }

    static Issued root(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=" + commonName + ", OU=Local Development, O=Microdrama, C=US");
        return issue(name, keys, null, notBefore, notAfter, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        });
    }

    static Issued intermediate(String commonName, Issued issuer, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=" + commonName + ", OU=Local Development, O=Microdrama, C=US");
        return issue(name, keys, issuer, notBefore, notAfter, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(INTERMEDIATE_MARKER, false, DERNull.INSTANCE);
        });
    }

    static Issued signingLeaf(String commonName, Issued issuer, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=" + commonName + ", OU=Local Development, O=Microdrama, C=US");
        return issue(name, keys, issuer, notBefore, notAfter, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(SIGNING_MARKER, false, DERNull.INSTANCE);
        });
    }

    static Instant daysFrom(Instant at, long days) {
        return at.plus(Duration.ofDays(days));
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException;
    }

    private static Issued issue(X500Name subject, KeyPair keys, Issued issuer, Instant notBefore, Instant notAfter,
                                Extensions extensions) {
        try {
            X500Name issuerName = issuer == null ? subject : issuer.name();
            KeyPair signer = issuer == null ? keys : issuer.keys();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, RANDOM).abs(),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(signer.getPublic()));
            extensions.add(builder);
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
            return new Issued(keys, certificate, subject);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue " + subject, e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
