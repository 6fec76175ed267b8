package com.microdrama.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

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

    Logging logging();

    /** The verified-token cache ({@code VerifiedTokenCache}, decision 0010). */
    interface VerifiedTokens {
        /** Tokens remembered per instance; 0 turns the cache off. */
        @WithDefault("1000")
        int max();
    }

    /** What log lines may say about the caller ({@code LogContext}, docs/decisions/0028-structured-logs.md). */
    interface Logging {
        /**
         * The HMAC key of the pseudonymous user id in log lines; the same value in every service, so one viewer's
         * lines can be followed across them. No default: without a key, lines carry no user id.
         */
        Optional<String> pseudonymKey();
    }
}
