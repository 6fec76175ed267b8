package com.microdrama.entitlement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Set;

/**
 * Every knob of entitlement-service ({@code entitlement.*}) with its default: the one place to look.
 *
 * <p>The rule: a default is stated here, with {@code @WithDefault}, and nowhere else. {@code application.properties}
 * holds only what differs by profile ({@code %test}) and Quarkus' own settings (datasource, OIDC, the Kafka channels).
 * Every knob can also be set by its environment variable ({@code entitlement.rebuild.batch-size} =
 * {@code ENTITLEMENT_REBUILD_BATCH_SIZE}). The relay's {@code outbox.*} knobs are the outbox module's
 * ({@code OutboxConfig}). Classes take the root by constructor and keep only the group they use.
 */
@ConfigMapping(prefix = "entitlement")
public interface EntitlementConfig {

    Check check();

    ServiceCallers serviceCallers();

    Rebuild rebuild();

    /** The checks ({@code entitlement.check.*}, {@code GET /api/entitlements/check?waitMs=}). */
    interface Check {
        /**
         * How often a waiting check reads again besides being woken by a grant's NOTIFY: covers changes that send no
         * notice (an episode made free, a region promo, a rebuild's swap) and notices lost with the listening
         * connection.
         */
        @WithDefault("1s")
        Duration recheckInterval();

        Waits waits();
    }

    /** Caps on checks waiting at once ({@code WaitSlots}); beyond them a waiting check is refused with 429. */
    interface Waits {
        /** Per user (token subject): an app needs one or two, after an unlock or a rewarded ad. */
        @WithDefault("4")
        int perUser();

        /** In this instance, all users together. */
        @WithDefault("1000")
        int perInstance();

        /** The {@code Retry-After} of the refusal, in whole seconds (rounded up). */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /** Who may call the service-to-service endpoints ({@code entitlement.service-callers.*}, {@code ServiceCallers}). */
    interface ServiceCallers {
        /** Keycloak client ids ({@code azp} of a client-credentials token) whose service accounts may call. */
        @WithDefault("catalog-service,payment-service")
        Set<String> allowedClients();
    }

    /** Rebuild from the event log ({@code entitlement.rebuild.*}, {@code POST /api/entitlements/admin/rebuild}). */
    interface Rebuild {
        /** Schema the shadow tables are built in; dropped and recreated by every job. */
        @WithDefault("rebuild")
        String schema();

        /** Schema of the live tables (where Flyway migrates). */
        @WithDefault("public")
        String liveSchema();

        /**
         * Records per poll, each poll folded and written to the shadow tables in one transaction. Two polls are in hand
         * at a time and live long enough to be promoted to the old generation: 10,000 a poll kept a 1,000,000-event
         * rebuild in back-to-back full collections of the service's 112 MB heap for 30 s of its 50 s; 1,000 left 2.6 s
         * of pauses and the same replay time otherwise (docs/decisions/0033-rebuild-without-keys-while-loading.md).
         */
        @WithDefault("1000")
        int batchSize();

        /**
         * The rebuild consumer's max.partition.fetch.bytes. The consumer buffers up to {@link #fetchMaxBytes()} besides
         * the two polls in hand (~400 bytes a record): 1 MB and 4 MB keep a rebuild inside the service's 112 MB heap
         * (deploy/local/service-jvm.options) with room for live traffic; 64 MB ran out of it.
         */
        @WithDefault("1048576")
        int maxPartitionFetchBytes();

        /** The rebuild consumer's fetch.max.bytes (see {@link #maxPartitionFetchBytes()}). */
        @WithDefault("4194304")
        int fetchMaxBytes();

        /** How long the swap waits for live transactions to let go of the tables before it tries again. */
        @WithDefault("10s")
        Duration lockTimeout();

        @WithDefault("3")
        int swapAttempts();

        /**
         * Catch up with live consumption before taking the lock, so the locked part has little left to read. Only
         * switched off in tests, to make the locked catch-up (the part that prevents loss) do the work.
         */
        @WithDefault("true")
        boolean catchUpBeforeLock();

        /** A replay that reads nothing new for this long while still behind its target fails instead of hanging. */
        @WithDefault("60s")
        Duration stallTimeout();
    }
}
