package com.microdrama.entitlement.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The fingerprint admin grants and region promos stored before this service used the shared one
 * ({@code com.microdrama.support.idempotency.RequestFingerprint}): SHA-256 of the request's fields joined by NUL.
 *
 * <p>Why it is still computed: these keys never expire here (the grant journal and the promo table keep them for
 * good, there is no retention), so an operator may retry a request of before the change with its key at any time,
 * and it must be replayed, not refused. A stored row does not tell which scheme wrote it (both are 64 hex digits)
 * and the new fingerprint cannot be recomputed from a row (an episode grant stores the series it resolved, not the
 * request's). So a repeat is compared with both; the two schemes hash different material, so a match under either
 * means the same request, and a request that matches under neither is another request under the key.
 */
public final class LegacyRequestFingerprint {
    private LegacyRequestFingerprint() {
    }

    /**
     * Fields joined by NUL, which no field can contain (the shared guard refuses it), so ("a","bc") and ("ab","c")
     * differ; null is written as "null", exactly as the stored rows were hashed.
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
