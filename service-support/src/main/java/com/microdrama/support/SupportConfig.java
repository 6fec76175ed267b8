package com.microdrama.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every knob of service-support ({@code microdrama.*}), each default stated here and nowhere else.
 *
 * <p>As the outbox's {@code OutboxConfig}: a library cannot know the root mapping of the service that uses it, so it
 * keeps its own small mapping; a service overrides a knob in its {@code application.properties} under the same name
 * (or its environment variable, {@code MICRODRAMA_VERIFIED_TOKENS_MAX}).
 */
@ConfigMapping(prefix = "microdrama")
public interface SupportConfig {

    VerifiedTokens verifiedTokens();

    /** The verified-token cache ({@code VerifiedTokenCache}, decision 0010). */
    interface VerifiedTokens {
        /** Tokens remembered per instance; 0 turns the cache off. */
        @WithDefault("1000")
        int max();
    }
}
