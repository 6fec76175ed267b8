package com.microdrama.catalog.playback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "playback")
public interface PlaybackConfig {
    /** CDN base the signed URLs point at. */
    String baseUrl();

    /** HMAC key shared with the CDN edge. */
    String signingKey();

    @WithDefault("PT5M")
    Duration lifetime();
}
