package com.microdrama.entitlement.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What an Idempotency-Key is bound to: a SHA-256 of the request's fields, so a repeat with the same key can be told
 * apart from a different request that reuses it.
 */
public final class RequestFingerprint {
    private RequestFingerprint() {
    }

    /**
     * Fields joined by NUL, which no field can contain (the shared guard refuses it), so ("a","bc") and ("ab","c")
     * differ; null is written as "null", as grants stored before this class existed were hashed.
     */
    public static String of(Object... fields) {
        String canonical = String.join("\u0000", Arrays.stream(fields).map(String::valueOf).toList());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
