package com.microdrama.catalog.playback;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs short-lived playback URLs a media edge checks without calling us. The token sits IN THE PATH, so every
 * relative URI in an HLS playlist (renditions, segments) inherits it:
 * <pre>{base}/{user}/{exp}/{sig}/{assetPrefix}/index.m3u8</pre>
 * {@code assetPrefix} is the episode's storage folder at the edge: the first 22 characters of
 * base64url(HMAC-SHA256(key, "asset:" + videoAsset)), so nobody can derive another episode's folder from its id.
 * {@code sig} is base64url(HMAC-SHA256(key, assetPrefix + "|" + user + "|" + exp)) without padding: it covers every
 * file under the prefix, binds the viewer and bounds how long a leaked URL is worth anything (exp: epoch seconds).
 */
public final class PlaybackSigner {
    private static final String HMAC = "HmacSHA256";
    static final String PLAYLIST = "index.m3u8";
    private static final int PREFIX_LENGTH = 22;
    /** user, exp, sig, assetPrefix, then the file path below the prefix (no dot segments, no encoded characters). */
    private static final Pattern SIGNED_PATH = Pattern.compile(
            "/([A-Za-z0-9._-]{1,100})/(\\d{1,12})/([A-Za-z0-9_-]{43})/([A-Za-z0-9_-]{" + PREFIX_LENGTH + "})"
                    + "/((?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}/){0,4}[A-Za-z0-9_-][A-Za-z0-9._-]{0,99})");

    private final byte[] key;
    private final String baseUrl;
    private final String basePath;
    private final Duration lifetime;
    private final Clock clock;

    public PlaybackSigner(String key, String baseUrl, Duration lifetime, Clock clock) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("playback signing key must have at least 16 characters");
        }
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String path = URI.create(this.baseUrl).getRawPath();
        this.basePath = path == null ? "" : path;
        this.lifetime = Objects.requireNonNull(lifetime);
        this.clock = Objects.requireNonNull(clock);
    }

    public record SignedUrl(String url, Instant expiresAt) {
    }

    /** What a verified request may read: the asset folder and the file below it. */
    public record MediaAccess(String userId, String assetPrefix, String file) {
    }

    public SignedUrl sign(String videoAsset, String userId) {
        // whole seconds: exp is epoch seconds and expiresAt must say the same
        Instant expiresAt = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        long exp = expiresAt.getEpochSecond();
        String prefix = assetPrefix(videoAsset);
        String url = baseUrl + "/" + userId + "/" + exp + "/" + signature(prefix, userId, exp) + "/" + prefix + "/"
                + PLAYLIST;
        return new SignedUrl(url, expiresAt);
    }

    /** The edge folder of an episode's asset (all its renditions and segments). */
    public String assetPrefix(String videoAsset) {
        return hmac("asset:" + videoAsset).substring(0, PREFIX_LENGTH);
    }

    /**
     * Checks a request path as the edge sees it ({@code /media/...} or a full URL): the shape, the expiry, then the
     * signature in constant time. Empty for anything else: an edited prefix, user or expiry, an expired or a
     * missing token, dot segments or encoded characters.
     */
    public Optional<MediaAccess> verify(String urlOrPath) {
        if (urlOrPath == null) {
            return Optional.empty();
        }
        String path = urlOrPath;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            path = URI.create(path).getRawPath();
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (!path.startsWith(basePath + "/")) {
            return Optional.empty();
        }
        Matcher m = SIGNED_PATH.matcher(path.substring(basePath.length()));
        if (!m.matches() || m.group(5).contains("..")) {
            return Optional.empty();
        }
        String user = m.group(1);
        long exp = Long.parseLong(m.group(2));
        if (clock.instant().getEpochSecond() >= exp) {
            return Optional.empty();
        }
        byte[] expected = signature(m.group(4), user, exp).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, m.group(3).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new MediaAccess(user, m.group(4), m.group(5)));
    }

    String signature(String assetPrefix, String userId, long exp) {
        return hmac(assetPrefix + "|" + userId + "|" + exp);
    }

    private String hmac(String message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
