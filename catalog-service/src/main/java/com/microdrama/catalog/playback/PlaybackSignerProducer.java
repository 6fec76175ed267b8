package com.microdrama.catalog.playback;

import com.microdrama.catalog.config.CatalogConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

public class PlaybackSignerProducer {

    @Produces
    @ApplicationScoped
    PlaybackSigner playbackSigner(CatalogConfig config, Clock clock) {
        CatalogConfig.Playback playback = config.playback();
        return new PlaybackSigner(playback.signingKey(), playback.baseUrl(), playback.lifetime(), clock);
    }
}
