package com.microdrama.testsupport;

/** Addresses of the local platform started by deploy/local/platform.sh; the same environment variables override both. */
public final class Platform {
    private Platform() {
    }

    public static String keycloakUrl() {
        return env("KEYCLOAK_URL", "http://127.0.0.1:" + env("KEYCLOAK_PORT", "8180"));
    }

    public static String realmUrl() {
        return keycloakUrl() + "/realms/microdrama";
    }

    public static String kafkaBootstrapServers() {
        return env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + env("KAFKA_PORT", "9092"));
    }

    /**
     * The local broker's second listener, SASL_PLAINTEXT with SCRAM-SHA-512 (deploy/local/platform/kafka.sh), for
     * tests of clients configured as in the cluster. Its one user is {@link #KAFKA_SCRAM_USER}, with the password
     * {@code LocalSecrets.get("OPS_KAFKA_PASSWORD")}.
     */
    public static String kafkaScramBootstrapServers() {
        return "127.0.0.1:" + env("KAFKA_SCRAM_PORT", "9094");
    }

    public static final String KAFKA_SCRAM_USER = "ops-cli";

    /** The Stripe API emulator (its API base for stripe-java), as journey.sh reaches it. */
    public static String stripeUrl() {
        return env("STRIPE_URL", "http://127.0.0.1:" + env("STRIPE_EMULATOR_PORT", "12111"));
    }

    public static String gatewayUrl() {
        return env("GATEWAY_URL", "http://127.0.0.1:" + env("GATEWAY_PORT", "8080"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
