package com.microdrama.testsupport;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Makes {@link LocalSecrets} visible to the services' {@code @QuarkusTest}s (test-support is on their test classpath
 * only), so {@code ${PAYMENT_CLIENT_SECRET}} and the like in application.properties resolve without a literal default.
 * Ordinal 200: below environment variables (300) and application.properties (250), which therefore win.
 */
public final class LocalSecretsConfigSource implements ConfigSource {
    @Override
    public Map<String, String> getProperties() {
        return LocalSecrets.file();
    }

    @Override
    public Set<String> getPropertyNames() {
        return LocalSecrets.file().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return LocalSecrets.file().get(propertyName);
    }

    @Override
    public String getName() {
        return "local-secrets (" + LocalSecrets.FILE + ")";
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
