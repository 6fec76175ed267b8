package com.microdrama.entitlement.it;

import com.microdrama.events.Topics;
import com.microdrama.testsupport.PrivatePostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The database of {@link DatabaseOutageIT}: a PostgreSQL server of its own (the shared one must never be stopped),
 * which the test stops and starts. The service under test migrates it at start (Flyway) and reads both topics in a
 * consumer group of its own, moved to their ends first so it reads only the test's events.
 */
public class OutageDatabase implements QuarkusTestResourceLifecycleManager {
    /** Relative to the module, where tests run: the test gets its handle with {@link PrivatePostgres#at(Path)}. */
    static final Path DATA_DIR = Path.of("target", "outage-postgres");
    static final String DATABASE = "entitlements_outage";
    static final String USER = "microdrama";
    static final String PASSWORD = "microdrama";
    static final String GROUP = "entitlement-service-outage-test";

    @Override
    public Map<String, String> start() {
        PrivatePostgres server = PrivatePostgres.create(DATA_DIR, USER, PASSWORD, DATABASE);
        FreshPaymentEvents.moveToEnd(GROUP, List.of(Topics.PAYMENT_EVENTS, Topics.CATALOG_EVENTS));
        Map<String, String> config = new HashMap<>();
        put(config, "quarkus.datasource.reactive.url", server.reactiveUrl(DATABASE));
        put(config, "quarkus.datasource.jdbc.url", server.jdbcUrl(DATABASE));
        put(config, "quarkus.datasource.username", USER);
        put(config, "quarkus.datasource.password", PASSWORD);
        put(config, "mp.messaging.incoming.payment-events.group.id", GROUP);
        put(config, "mp.messaging.incoming.catalog-events.group.id", GROUP);
        return config;
    }

    /** Both the plain and the %test name: application.properties sets the latter, which would win otherwise. */
    private static void put(Map<String, String> config, String name, String value) {
        config.put(name, value);
        config.put("%test." + name, value);
    }

    @Override
    public void stop() {
        PrivatePostgres.at(DATA_DIR).destroy();
    }
}
