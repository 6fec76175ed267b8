package com.microdrama.storeemulator.play;

import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The key Google signs Pub/Sub push OIDC tokens with, made at start (so a restart rotates it, as Google rotates
 * its certs), and a stranger key for pushes whose token must not verify. The key id is random per start so that a
 * verifier caching the old JWKS sees an unknown {@code kid} rather than a false signature.
 */
@ApplicationScoped
public class GoogleSigningKeys {

    private final KeyPair signing = rsa();
    private final KeyPair stranger = rsa();
    private final String keyId = randomHex(20);

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    KeyPair signing() {
        return signing;
    }

    KeyPair stranger() {
        return stranger;
    }

    String keyId() {
        return keyId;
    }

    /** Google's {@code https://www.googleapis.com/oauth2/v3/certs} document. */
    Map<String, Object> jwks() {
        RSAPublicKey key = (RSAPublicKey) signing.getPublic();
        return Map.of("keys", List.of(Map.of("kty", "RSA", "alg", "RS256", "use", "sig", "kid", keyId,
                "n", unsigned(key.getModulus()), "e", unsigned(key.getPublicExponent()))));
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Jwt.base64Url(bytes);
    }
}
