package com.microdrama.storeemulator.appstore;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** A signing key and its chain [leaf, intermediate, root], as Apple puts it in a JWS header's {@code x5c}. */
public record SigningChain(PrivateKey key, X509Certificate leaf, X509Certificate intermediate, X509Certificate root) {

    /** Standard base64 of each certificate's DER (not url-safe: Apple's ChainVerifier decodes them so). */
    public List<String> x5c() {
        return List.of(encode(leaf), encode(intermediate), encode(root));
    }

    private static String encode(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
