package com.microdrama.support.logging;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The user id as logs show it: HMAC-SHA256 of the token's subject under a key only operators hold, cut to 16 hex
 * characters. One viewer's lines can be followed across services and requests, but a log line alone cannot be
 * joined to a wallet or an account; an operator who must find a viewer's lines computes the pseudonym with the key
 * (docs/decisions/0028-structured-logs.md). Without a key there is no pseudonym: the field is left out, never
 * replaced by the raw id.
 */
public final class Pseudonyms {
    private static final String ALGORITHM = "HmacSHA256";
    /** 64 bits: a collision among the users of one app is as good as impossible, and the line stays short. */
    private static final int BYTES = 8;

    private final SecretKeySpec key;

    private Pseudonyms(SecretKeySpec key) {
        this.key = key;
    }

    /** Pseudonyms under {@code key}; none when the key is absent or blank. */
    public static Pseudonyms withKey(Optional<String> key) {
        return new Pseudonyms(key.filter(value -> !value.isBlank())
                .map(value -> new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), ALGORITHM))
                .orElse(null));
    }

    public boolean enabled() {
        return key != null;
    }

    /** The pseudonym of {@code userId}, empty without a key or an id. */
    public Optional<String> of(String userId) {
        if (key == null || userId == null || userId.isBlank()) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
            return Optional.of(HexFormat.of().formatHex(digest, 0, BYTES));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a JDK requirement; a key it refuses would be a broken runtime
            throw new IllegalStateException(e);
        }
    }
}
