package com.microdrama.catalog.playback;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

public class PlaybackSignerProducer {

    @Produces
    @ApplicationScoped
    PlaybackSigner playbackSigner(PlaybackConfig config, Clock clock) {
        return new PlaybackSigner(config.signingKey(), config.baseUrl(), config.lifetime(), clock);
    }
}
