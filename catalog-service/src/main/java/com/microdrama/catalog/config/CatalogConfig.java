package com.microdrama.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Every knob of catalog-service ({@code catalog.*}) with its default: the one place to look.
 *
 * <p>The rule (as in payment-service and entitlement-service): a default is stated here, with {@code @WithDefault},
 * and nowhere else. {@code application.properties} holds only what differs by profile ({@code %test}), values read
 * from the environment (the playback base URL and signing key) and Quarkus' own settings. Every knob can also be set
 * by its environment variable ({@code catalog.read-cache.ttl} = {@code CATALOG_READ_CACHE_TTL}); the {@code @Scheduled}
 * expressions of the relay see these defaults too. The outbox's {@code outbox.*} knobs are the outbox module's
 * ({@code OutboxConfig}). Classes take the root by constructor and keep only the group they use.
 */
@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    ReadCache readCache();

    RenderedJson renderedJson();

    EntitlementCache entitlementCache();

    Relay relay();

    Playback playback();

    ViewingEvents viewingEvents();

    /** Published catalog reads ({@code CatalogReadCache}): series pages and playable episodes. */
    interface ReadCache {
        /**
         * Cleared by every admin write on this instance, so other replicas show an admin change after at most this
         * long; zero turns the cache off.
         */
        @WithDefault("PT10S")
        Duration ttl();

        @WithDefault("20000")
        long maxEntries();
    }

    /** The JSON of each series page object, written once ({@code RenderedJson}, ~15 KB each). */
    interface RenderedJson {
        @WithDefault("500")
        long maxEntries();
    }

    /** entitlement-service's answers per user ({@code EntitlementLookup}), dropped by entitlement-events. */
    interface EntitlementCache {
        /** Zero turns the cache off (every question goes to entitlement-service). */
        @WithDefault("PT30S")
        Duration ttl();

        @WithDefault("200000")
        long maxUsers();
    }

    /** The change relay that turns catalog_change markers into outbox rows (decision 0007). */
    interface Relay {
        /** The safety-net tick; the in-memory scheduler cannot fire faster than once a second. */
        @WithDefault("1s")
        Duration every();

        @WithDefault("1s")
        Duration delayed();

        /** Markers claimed per transaction. */
        @WithDefault("500")
        int batchSize();

        /** At shutdown no new pass starts; a running one may finish this long before the database closes. */
        @WithDefault("5s")
        Duration shutdownWait();
    }

    /** Signed playback URLs, checked by the media edge (decision 0001). */
    interface Playback {
        /** The media edge the signed URLs point at ({@code PLAYBACK_BASE_URL}). */
        String baseUrl();

        /** HMAC key shared with the media edge ({@code PLAYBACK_SIGNING_KEY}); no default in any profile. */
        String signingKey();

        /** How long a signed URL stays valid. */
        @WithDefault("PT5M")
        Duration lifetime();
    }

    /** What viewers were shown, for insights ({@code ViewingEvents}, docs/decisions/0034-viewing-events.md). */
    interface ViewingEvents {
        /**
         * HMAC key of the viewer pseudonym on viewing-events ({@code VIEWER_PSEUDONYM_KEY}); insights-service holds
         * the same key to join purchases. Not the log pseudonym's key; no default in any profile.
         */
        String pseudonymKey();
    }
}
