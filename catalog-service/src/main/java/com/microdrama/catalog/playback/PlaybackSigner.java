package com.microdrama.catalog.playback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs short-lived playback URLs the CDN edge can check without calling us: HMAC-SHA256 (base64url, no padding)
 * over {@code episodeId|userId|exp}. Binding the user and the episode stops a URL being shared or re-pointed;
 * the expiry bounds how long a leaked URL is worth anything.
 */
public final class PlaybackSigner {
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;
    private final String baseUrl;
    private final Duration lifetime;
    private final Clock clock;

    public PlaybackSigner(String key, String baseUrl, Duration lifetime, Clock clock) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("playback signing key must have at least 16 characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.lifetime = Objects.requireNonNull(lifetime);
        this.clock = Objects.requireNonNull(clock);
    }

    public record SignedUrl(String url, Instant expiresAt) {
    }

    public SignedUrl sign(String episodeId, String videoAsset, String userId) {
        // whole seconds: the exp parameter is epoch seconds and expiresAt must say the same
        Instant expiresAt = clock.instant().plus(lifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long exp = expiresAt.getEpochSecond();
        String url = baseUrl + "/" + videoAsset
                + "?episode=" + encode(episodeId)
                + "&user=" + encode(userId)
                + "&exp=" + exp
                + "&sig=" + signature(episodeId, userId, exp);
        return new SignedUrl(url, expiresAt);
    }

    /** True when the signature matches and {@code exp} is not yet past. */
    public boolean verify(String episodeId, String userId, long exp, String sig) {
        if (episodeId == null || userId == null || sig == null) {
            return false;
        }
        if (clock.instant().getEpochSecond() >= exp) {
            return false;
        }
        byte[] expected = signature(episodeId, userId, exp).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
    }

    /** Verifies a URL produced by {@link #sign}, as the CDN edge would. */
    public boolean verify(String url) {
        Map<String, String> query = query(URI.create(url).getRawQuery());
        String exp = query.get("exp");
        if (exp == null || !exp.matches("\\d{1,12}")) {
            return false;
        }
        return verify(query.get("episode"), query.get("user"), Long.parseLong(exp), query.get("sig"));
    }

    String signature(String episodeId, String userId, long exp) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] digest = mac.doFinal((episodeId + "|" + userId + "|" + exp).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
