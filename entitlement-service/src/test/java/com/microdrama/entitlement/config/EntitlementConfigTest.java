package com.microdrama.entitlement.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EntitlementConfig with the service's application.properties, as each profile sees it (no Quarkus started). */
class EntitlementConfigTest {

    @Test
    void theDefaultsAreStatedOnceInTheMapping() throws IOException {
        EntitlementConfig config = load("prod", Map.of());

        assertEquals(Duration.ofSeconds(1), config.check().recheckInterval());
        assertEquals(4, config.check().waits().perUser());
        assertEquals(1000, config.check().waits().perInstance());
        assertEquals(Duration.ofSeconds(2), config.check().waits().retryAfter());
        assertEquals(Set.of("catalog-service", "payment-service"), config.serviceCallers().allowedClients());
        assertEquals("rebuild", config.rebuild().schema());
        assertEquals("public", config.rebuild().liveSchema());
        assertEquals(1_000, config.rebuild().batchSize());
        assertEquals(1024 * 1024, config.rebuild().maxPartitionFetchBytes());
        assertEquals(4 * 1024 * 1024, config.rebuild().fetchMaxBytes());
        assertEquals(Duration.ofSeconds(10), config.rebuild().lockTimeout());
        assertEquals(3, config.rebuild().swapAttempts());
        assertTrue(config.rebuild().catchUpBeforeLock());
        assertEquals(Duration.ofSeconds(60), config.rebuild().stallTimeout());
    }

    @Test
    void testsRecheckRarelyAndRebuildInSmallPollsWithTheLockedCatchUpDoingTheWork() throws IOException {
        EntitlementConfig config = load("test", Map.of());

        assertEquals(Duration.ofSeconds(20), config.check().recheckInterval());
        assertEquals(10, config.rebuild().batchSize());
        assertFalse(config.rebuild().catchUpBeforeLock());
    }

    @Test
    void anEnvironmentVariableSetsAKnobByItsName() throws IOException {
        EntitlementConfig config = load("prod", Map.of("ENTITLEMENT_REBUILD_BATCH_SIZE", "2000"));

        assertEquals(2000, config.rebuild().batchSize());
    }

    private static EntitlementConfig load(String profile, Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        EntitlementConfigTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(EntitlementConfig.class)
                .build()
                .getConfigMapping(EntitlementConfig.class);
    }
}
