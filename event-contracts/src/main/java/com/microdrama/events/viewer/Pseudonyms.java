package com.microdrama.events.viewer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A user id as a pseudonym: HMAC-SHA256 of the token's subject under a key only operators hold, cut to 16 hex
 * characters. The form of two things: the user id of log lines (key {@code microdrama.logging.pseudonym-key},
 * docs/decisions/0028-structured-logs.md) and the {@code viewerId} of viewing-events (key {@code VIEWER_PSEUDONYM_KEY},
 * docs/decisions/0034-viewing-events.md), each under a key of its own. One viewer can be followed or counted, but a
 * pseudonym alone cannot be joined to a wallet or an account; whoever must find a viewer computes the pseudonym with
 * the key. Without a key there is no pseudonym: the field is left out, never replaced by the raw id.
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
