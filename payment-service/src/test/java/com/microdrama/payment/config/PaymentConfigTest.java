package com.microdrama.payment.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PaymentConfig with the service's application.properties, as each profile sees it (no Quarkus started). */
class PaymentConfigTest {
    private static final Map<String, String> SECRET = Map.of("STRIPE_WEBHOOK_SECRET", "whsec_test");

    @Test
    void theDefaultsAreStatedOnceInTheMapping() throws IOException {
        PaymentConfig config = load("dev", SECRET);

        assertTrue(config.sandbox().autoConfirm());
        assertEquals(Duration.ofHours(48), config.idempotency().retention());
        assertEquals(Duration.ofHours(1), config.idempotency().cleanupInterval());
        assertEquals(Duration.ofDays(3), config.subscription().gracePeriod());
        assertEquals(Duration.ofHours(1), config.subscription().expiryLeeway());
        assertEquals(100, config.subscription().expiryBatchSize());
        assertEquals(Duration.ofMinutes(1), config.subscription().expiryInterval());
        assertEquals(Duration.ofDays(30), config.bonus().validity());
        assertTrue(config.bonus().packValidity().isEmpty());
        assertEquals(Duration.ofMinutes(1), config.bonusExpiry().interval());
        assertEquals(100, config.bonusExpiry().batchSize());
        assertEquals(Duration.ofSeconds(15), config.metrics().interval());
        assertEquals("whsec_test", config.stripe().webhookSecret());
        assertEquals(300, config.stripe().webhookToleranceSeconds());
        assertFalse(config.stripe().livemode());
        assertEquals(Duration.ofDays(2), config.stripe().renewalSlack());
    }

    @Test
    void productionNeitherConfirmsSandboxPaymentsNorAcceptsTestModeEventsUnlessTold() throws IOException {
        PaymentConfig config = load("prod", SECRET);

        assertFalse(config.sandbox().autoConfirm());
        assertTrue(config.stripe().livemode());
        assertEquals("stripe", config.provider(), "production pays through Stripe unless told otherwise");
        assertTrue(config.stripe().apiKey().isEmpty(), "and has no key of its own");
    }

    @Test
    void theStripeKeyComesFromStripeApiKey() throws IOException {
        Map<String, String> env = new java.util.HashMap<>(SECRET);
        env.put("STRIPE_API_KEY", "sk_test_x");

        assertEquals("sk_test_x", load("prod", env).stripe().apiKey().orElseThrow());
        assertEquals("sandbox", load("dev", env).provider());
    }

    @Test
    void testsExpireOnTheNextTickAndGiveOnePackAShorterBonusLife() throws IOException {
        PaymentConfig config = load("test", SECRET);

        assertEquals(Duration.ZERO, config.subscription().expiryLeeway());
        assertEquals(Duration.ofSeconds(1), config.bonusExpiry().interval());
        assertEquals(Duration.ofDays(10), config.bonus().packValidity().get("coins-1000"));
    }

    @Test
    void theOlderEnvironmentNamesStillSetTheirKnobs() throws IOException {
        PaymentConfig config = load("prod", Map.of("STRIPE_WEBHOOK_SECRET", "whsec_test",
                "PAYMENT_SUBSCRIPTION_GRACE", "P5D", "STRIPE_LIVEMODE", "false", "PAYMENT_SANDBOX_AUTO_CONFIRM", "true"));

        assertEquals(Duration.ofDays(5), config.subscription().gracePeriod());
        assertFalse(config.stripe().livemode());
        assertTrue(config.sandbox().autoConfirm());
    }

    @Test
    void aMissingWebhookSecretStopsTheStartNamingTheVariable() {
        Exception refused = assertThrows(Exception.class, () -> load("prod", Map.of()));

        assertTrue(String.valueOf(refused.getMessage()).contains("STRIPE_WEBHOOK_SECRET"), refused.getMessage());
    }

    /** {@code environment} stands for the process environment (the highest ordinal, as in the service). */
    private static PaymentConfig load(String profile, Map<String, String> environment) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        PaymentConfigTest.class.getClassLoader().getResource("application.properties"), 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(PaymentConfig.class)
                .build();
        return config.getConfigMapping(PaymentConfig.class);
    }
}
