package com.microdrama.payment.webhook;

import com.microdrama.testsupport.LocalSecrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

/** Signs webhook payloads exactly like Stripe: {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.payload")>}. */
public final class StripeSignatures {
    /** The secret the service under test verifies with: this machine's, from the environment or .local/secrets.env. */
    public static final String DEV_SECRET = LocalSecrets.get("STRIPE_WEBHOOK_SECRET");

    private StripeSignatures() {
    }

    public static String sign(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed now with the local development secret. */
    public static String sign(String payload) {
        return sign(payload, DEV_SECRET, Instant.now().getEpochSecond());
    }
}
