package com.microdrama.entitlement.rebuild;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "entitlement.rebuild")
public interface RebuildConfig {

    /** Schema the shadow tables are built in; dropped and recreated by every job. */
    @WithDefault("rebuild")
    String schema();

    /** Schema of the live tables (where Flyway migrates). */
    @WithDefault("public")
    String liveSchema();

    /** Records per poll, each poll folded and written to the shadow tables in one transaction. */
    @WithDefault("10000")
    int batchSize();

    /** The rebuild consumer's max.partition.fetch.bytes: large enough that a poll can fill a batch. */
    @WithDefault("8388608")
    int maxPartitionFetchBytes();

    /** The rebuild consumer's fetch.max.bytes. */
    @WithDefault("67108864")
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
