package com.microdrama.outbox;

import com.microdrama.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox module's {@code db/outbox} script is the one definition of {@code outbox_event} (decision 0006): every
 * service that depends on this module, migrated from scratch with its own Flyway locations, ends up with exactly that
 * table (columns, defaults, constraints, indexes). Each migration runs into a scratch schema of a real PostgreSQL
 * database (the services' test database by default), which is dropped afterwards.
 */
class OutboxTableIT {
    /** Tests run in the module's directory; the services are its siblings. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path OUTBOX_RESOURCES = Path.of("src/main/resources").toAbsolutePath();
    private static final String URL = "jdbc:postgresql://" + env("DB_HOST", "127.0.0.1") + ":" + env("DB_PORT", "5432")
            + "/" + env("DB_TEST_NAME", "payments_test");
    private static final String USER = env("DB_USER", "microdrama");
    private static final String PASSWORD = env("DB_PASSWORD", "microdrama");
    private static final TestDatabase DATABASE = new TestDatabase(URL, USER, PASSWORD);
    private static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final List<String> SCHEMAS = new ArrayList<>();

    @AfterAll
    static void dropScratchSchemas() throws SQLException {
        try (Connection c = DATABASE.connect(); Statement s = c.createStatement()) {
            for (String schema : SCHEMAS) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyServiceUsingTheOutboxHasExactlyTheModulesTable() throws SQLException {
        List<Path> services = servicesUsingTheOutbox();
        List<String> expected = describe(migrate("module", List.of(OUTBOX_RESOURCES.resolve("db/outbox"))));
        return services.stream().map(service -> DynamicTest.dynamicTest(service.getFileName().toString(), () -> {
            String schema = migrate(service.getFileName().toString().replace('-', '_'), locations(service));
            assertEquals(expected, describe(schema), service.getFileName() + "'s outbox_event differs from "
                    + "outbox/src/main/resources/db/outbox");
        }));
    }

    @Test
    void theServicesAreFoundSoTheComparisonIsNotVacuous() {
        List<String> names = servicesUsingTheOutbox().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("payment-service", "entitlement-service")), "found " + names);
    }

    @Test
    void aTableThatLacksAnIndexOrHasAnotherColumnIsADifference() throws SQLException {
        List<String> expected = describe(migrate("drift_ref", List.of(OUTBOX_RESOURCES.resolve("db/outbox"))));
        String withoutIndex = migrate("drift_index", List.of(OUTBOX_RESOURCES.resolve("db/outbox")));
        execute("drop index " + withoutIndex + ".outbox_event_unpublished_idx");
        assertNotEquals(expected, describe(withoutIndex));
        String widened = migrate("drift_column", List.of(OUTBOX_RESOURCES.resolve("db/outbox")));
        execute("alter table " + widened + ".outbox_event alter column type type varchar(200)");
        assertNotEquals(expected, describe(widened));
    }

    @Test
    void theModulesScriptCanRunAgainOnATableItCreated() throws SQLException {
        String schema = migrate("rerun", List.of(OUTBOX_RESOURCES.resolve("db/outbox")));
        List<String> once = describe(schema);
        // what Flyway does when the repeatable script changed: the whole file runs again on the existing table
        execute("set search_path to " + schema + "; "
                + read(OUTBOX_RESOURCES.resolve("db/outbox/R__outbox_event.sql")));
        assertEquals(once, describe(schema));
    }

    /** Sibling modules whose pom depends on this one and that migrate a database. */
    private static List<Path> servicesUsingTheOutbox() {
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            return modules.filter(dir -> Files.isDirectory(dir.resolve("src/main/resources/db/migration")))
                    .filter(dir -> read(dir.resolve("pom.xml")).contains("<artifactId>outbox</artifactId>"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service's {@code quarkus.flyway.locations} as folders: its own resources first, then this module's. */
    private static List<Path> locations(Path service) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(service.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.stream(properties.getProperty("quarkus.flyway.locations", "db/migration").split(","))
                .map(location -> location.trim().replaceFirst("^classpath:", ""))
                .map(location -> Stream.of(service.resolve("src/main/resources"), OUTBOX_RESOURCES)
                        .map(root -> root.resolve(location))
                        .filter(Files::isDirectory)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(service.getFileName() + ": no folder for Flyway location "
                                + location)))
                .toList();
    }

    /** Migrates the folders into a new scratch schema and returns its name. */
    private static String migrate(String name, List<Path> folders) {
        String schema = "outbox_check_" + name + "_" + RUN;
        SCHEMAS.add(schema);
        Flyway.configure()
                .dataSource(URL, USER, PASSWORD)
                .schemas(schema)
                .defaultSchema(schema)
                .locations(folders.stream().map(folder -> "filesystem:" + folder).toArray(String[]::new))
                .load()
                .migrate();
        return schema;
    }

    /** The table as PostgreSQL sees it, with the schema's name taken out so two schemas compare. */
    private static List<String> describe(String schema) throws SQLException {
        List<String> lines = new ArrayList<>();
        lines.addAll(DATABASE.rows("select 'column', column_name, data_type, character_maximum_length, is_nullable,"
                + " column_default, collation_name from information_schema.columns"
                + " where table_schema = ? and table_name = 'outbox_event' order by ordinal_position", schema));
        lines.addAll(DATABASE.rows("select 'constraint', conname, pg_get_constraintdef(oid) from pg_constraint"
                + " where conrelid = (quote_ident(?) || '.outbox_event')::regclass order by conname", schema));
        lines.addAll(DATABASE.rows("select 'index', indexname, indexdef from pg_indexes"
                + " where schemaname = ? and tablename = 'outbox_event' order by indexname", schema));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("column|seq|")), schema + " has no outbox_event");
        return lines.stream().map(line -> line.replace(schema + ".", "")).toList();
    }

    /** Plain statements, also several in one string (a whole script). */
    private static void execute(String sql) throws SQLException {
        try (Connection c = DATABASE.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
