package com.microdrama.catalog.playback;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaybackSignerTest {
    private static final String KEY = "dev-playback-signing-key";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final PlaybackSigner signer = signerAt(NOW);

    private static PlaybackSigner signerAt(Instant now) {
        return new PlaybackSigner(KEY, "https://edge.example/media/", Duration.ofMinutes(5),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void theTokenIsInThePathSoRelativePlaylistUrisInheritIt() {
        PlaybackSigner.SignedUrl signed = signer.sign("series/ep-01.m3u8", "user-1");
        String prefix = signer.assetPrefix("series/ep-01.m3u8");
        long exp = signed.expiresAt().getEpochSecond();

        assertEquals(NOW.plus(Duration.ofMinutes(5)), signed.expiresAt());
        assertEquals("https://edge.example/media/user-1/" + exp + "/" + signer.signature(prefix, "user-1", exp) + "/"
                + prefix + "/index.m3u8", signed.url());
        assertTrue(signer.verify(signed.url()).isPresent());
        // a segment next to the playlist carries the same token
        String segment = signed.url().replace("index.m3u8", "seg-1.ts");
        assertEquals("seg-1.ts", signer.verify(segment).orElseThrow().file());
        assertEquals("720p/seg-1.ts", signer.verify(signed.url().replace("index.m3u8", "720p/seg-1.ts"))
                .orElseThrow().file());
    }

    @Test
    void prefixAndSignatureAreHmacSha256Base64UrlSoAnEdgeInAnyLanguageAgrees() {
        // computed independently:
        // printf 'asset:series/ep-01.m3u8' | openssl dgst -sha256 -hmac dev-playback-signing-key -binary | base64url | cut -c1-22
        assertEquals("suOaVdDTyw-_iK7mJPqsPf", signer.assetPrefix("series/ep-01.m3u8"));
        // printf 'suOaVdDTyw-_iK7mJPqsPf|user-1|1700000000' | openssl dgst -sha256 -hmac dev-playback-signing-key -binary | base64url
        assertEquals("L8DFfcC4VrbJuOmlcFwC4FfyYvnNA8dnyk-9vuqrSc0",
                signer.signature("suOaVdDTyw-_iK7mJPqsPf", "user-1", 1_700_000_000L));
    }

    @Test
    void assetFoldersCannotBeDerivedFromEpisodeIds() {
        String one = signer.assetPrefix("series/ep-01.m3u8");
        assertNotEquals(one, signer.assetPrefix("series/ep-02.m3u8"));
        assertFalse(one.contains("series") || one.contains("ep-01"));
    }

    @Test
    void anEditedAssetPathUserExpiryOrSignatureFailsVerification() {
        String url = signer.sign("series/ep-01.m3u8", "user-1").url();
        String otherPrefix = signer.assetPrefix("series/ep-04.m3u8");
        String prefix = signer.assetPrefix("series/ep-01.m3u8");

        assertFalse(signer.verify(url.replace(prefix, otherPrefix)).isPresent(), "another episode's folder");
        assertFalse(signer.verify(url.replace("/user-1/", "/user-2/")).isPresent(), "another user");
        long exp = NOW.plus(Duration.ofMinutes(5)).getEpochSecond();
        assertFalse(signer.verify(url.replace("/" + exp + "/", "/" + (exp + 3600) + "/")).isPresent(), "later expiry");
        String sig = signer.signature(prefix, "user-1", exp);
        assertFalse(signer.verify(url.replace(sig, "A" + sig.substring(1))).isPresent(), "forged signature");
        assertFalse(signer.verify(url.replace("/" + sig + "/", "/")).isPresent(), "missing signature");
    }

    @Test
    void dotSegmentsEncodedCharactersAndForeignPathsFailVerification() {
        String url = signer.sign("series/ep-01.m3u8", "user-1").url();
        assertFalse(signer.verify(url.replace("index.m3u8", "../index.m3u8")).isPresent());
        assertFalse(signer.verify(url.replace("index.m3u8", "a/../../x/index.m3u8")).isPresent());
        assertFalse(signer.verify(url.replace("index.m3u8", "%2e%2e/index.m3u8")).isPresent());
        assertFalse(signer.verify(url.replace("/media/", "/other/")).isPresent());
        assertFalse(signer.verify(null).isPresent());
    }

    @Test
    void expiredUrlFailsVerification() {
        String url = signer.sign("a.m3u8", "user-1").url();

        assertTrue(signerAt(NOW.plus(Duration.ofMinutes(4))).verify(url).isPresent());
        assertFalse(signerAt(NOW.plus(Duration.ofMinutes(5))).verify(url).isPresent());
        assertFalse(signerAt(NOW.plus(Duration.ofHours(1))).verify(url).isPresent());
    }

    @Test
    void urlSignedWithAnotherKeyFailsVerification() {
        PlaybackSigner other = new PlaybackSigner("another-signing-key-123", "https://edge.example/media",
                Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
        assertFalse(signer.verify(other.sign("a.m3u8", "user-1").url()).isPresent());
    }

    @Test
    void theEdgeMayPassThePathAlone() {
        String url = signer.sign("a.m3u8", "user-1").url();
        assertTrue(signer.verify(url.substring("https://edge.example".length())).isPresent());
    }

    @Test
    void shortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new PlaybackSigner("short", "https://cdn", Duration.ofMinutes(5), Clock.systemUTC()));
    }
}
