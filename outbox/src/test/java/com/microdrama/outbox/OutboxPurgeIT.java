package com.microdrama.outbox;

import com.microdrama.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OutboxPurge} and {@link OutboxMetrics}' backlog count on a real PostgreSQL database (the services' test database by default), in a scratch schema
 * migrated with the module's own {@code db/outbox} script and dropped afterwards.
 */
class OutboxPurgeIT {
    private static final String HOST = env("DB_HOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(env("DB_PORT", "5432"));
    private static final String NAME = env("DB_TEST_NAME", "payments_test");
    private static final String USER = env("DB_USER", "microdrama");
    private static final String PASSWORD = env("DB_PASSWORD", "microdrama");
    private static final String SCHEMA = "outbox_purge_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final TestDatabase DATABASE = new TestDatabase(
            "jdbc:postgresql://" + HOST + ":" + PORT + "/" + NAME + "?currentSchema=" + SCHEMA, USER, PASSWORD);
    private static Vertx vertx;
    private static PgPool pool;

    @BeforeAll
    static void migrate() {
        Flyway.configure()
                .dataSource("jdbc:postgresql://" + HOST + ":" + PORT + "/" + NAME, USER, PASSWORD)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("filesystem:" + Path.of("src/main/resources/db/outbox").toAbsolutePath())
                .load()
                .migrate();
        vertx = Vertx.vertx();
        pool = PgPool.pool(vertx, new PgConnectOptions().setHost(HOST).setPort(PORT).setDatabase(NAME).setUser(USER)
                .setPassword(PASSWORD).setProperties(Map.of("search_path", SCHEMA)), new PoolOptions().setMaxSize(2));
    }

    @AfterAll
    static void dropSchema() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        DATABASE.execute("drop schema if exists " + SCHEMA + " cascade");
    }

    @Test
    void rowsPublishedBeforeTheRetentionGoInBatchesWhileRecentAndUnpublishedRowsStay() {
        for (int i = 0; i < 25; i++) {
            insert("old-" + i, "now() - interval '8 days'", "now() - interval '8 days'");
        }
        insert("recent", "now() - interval '8 days'", "now() - interval '1 day'");
        // waiting for the relay since long before the retention: still to be sent, never purged
        insert("unpublished", "now() - interval '30 days'", null);

        OutboxPurge purge = new OutboxPurge(pool, Duration.ofDays(7), 10);
        long deleted = purge.purge().await().atMost(Duration.ofSeconds(30));

        assertEquals(25, deleted, "three batches of at most 10");
        assertEquals(List.of("recent", "unpublished"),
                DATABASE.rows("select record_key from outbox_event order by record_key"));
        assertEquals(0, purge.purge().await().atMost(Duration.ofSeconds(30)), "nothing left to purge");
        assertEquals(25, purge.purged());
    }

    @Test
    void theBacklogGaugesCountUnpublishedRowsAndTheAgeOfTheOldest() {
        DATABASE.execute("delete from outbox_event");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxMetrics metrics = new OutboxMetrics(pool, registry);
        try {
            metrics.refresh().await().atMost(Duration.ofSeconds(30));
            assertEquals(0.0, gauge(registry, "microdrama.outbox.pending"));
            assertEquals(0.0, gauge(registry, "microdrama.outbox.oldest.age.seconds"), "no backlog, no age");

            insert("waiting-since-90s", "now() - interval '90 seconds'", null);
            insert("waiting-since-now", "now()", null);
            insert("sent-an-hour-ago", "now() - interval '1 hour'", "now() - interval '1 hour'");
            metrics.refresh().await().atMost(Duration.ofSeconds(30));

            assertEquals(2.0, gauge(registry, "microdrama.outbox.pending"), "published rows are no backlog");
            double age = gauge(registry, "microdrama.outbox.oldest.age.seconds");
            assertTrue(age >= 90 && age < 150, "the oldest unpublished row's age, not the published one's: " + age);
        } finally {
            DATABASE.execute("delete from outbox_event");
        }
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private static void insert(String key, String createdAt, String publishedAt) {
        DATABASE.execute("insert into outbox_event (id, topic, record_key, type, payload, created_at, published_at)"
                + " values (gen_random_uuid(), 'purge-test', ?, 'test', '{}', " + createdAt + ", " + publishedAt + ")",
                key);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
