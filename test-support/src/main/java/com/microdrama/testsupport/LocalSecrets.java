package com.microdrama.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The local platform's secrets (client secrets, webhook secret, playback key, Keycloak admin password): random per
 * machine, written by {@code deploy/local/platform.sh up} into the git-ignored {@value #FILE}. A variable of the same
 * name in the environment wins (that is how a CI or a remote platform passes its own).
 */
public final class LocalSecrets {
    public static final String FILE = ".local/secrets.env";

    private static volatile Map<String, String> fromFile;

    private LocalSecrets() {
    }

    /** The secret, or an exception that says how to create the file. */
    public static String get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(name + " is neither in the environment nor in "
                + FILE + " -- create it with: bash deploy/local/platform.sh up"));
    }

    public static Optional<String> find(String name) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
            return Optional.of(value);
        }
        return Optional.ofNullable(file().get(name));
    }

    /** The secret of a confidential client of realm microdrama: {@code catalog-service} → CATALOG_CLIENT_SECRET. */
    public static String clientSecret(String clientId) {
        return get(clientId.replaceFirst("-service$", "").toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET");
    }

    /** The password of Keycloak's bootstrap admin (master realm) that platform.sh started Keycloak with. */
    public static String keycloakAdminPassword() {
        return get("KC_ADMIN_PASSWORD");
    }

    /** Every secret of the file, each with its effective value (the environment's where it sets one). */
    public static Map<String, String> all() {
        Map<String, String> values = new LinkedHashMap<>();
        file().keySet().forEach(name -> find(name).ifPresent(value -> values.put(name, value)));
        return values;
    }

    /** Every NAME=value line of the file (empty when there is no file). */
    static Map<String, String> file() {
        Map<String, String> values = fromFile;
        if (values == null) {
            values = read(locate());
            fromFile = values;
        }
        return values;
    }

    /** Tests run in a module directory; the file is at the repository root. */
    private static Path locate() {
        return RepositoryRoot.find().resolve(FILE);
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return values;
    }
}
