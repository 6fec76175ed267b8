package com.microdrama.catalog.playback;

import java.time.Instant;

public record PlaybackGrant(String episodeId, String playbackUrl, Instant expiresAt) {
}
