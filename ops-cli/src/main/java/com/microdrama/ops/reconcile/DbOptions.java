package com.microdrama.ops.reconcile;

import com.microdrama.ops.OpsException;
import com.microdrama.ops.Redaction;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Where payment-service's and entitlement-service's databases are, and as whom to log in to each; both are opened
 * read-only. Credentials are per database, so a Job can use the Secrets payment-db and entitlement-db as they are
 * (keys username and password). For each database, the first that is set wins:
 * <pre>
 *   user:     --payments-db-user,          env PAYMENTS_DB_USER,     the file named by env PAYMENTS_DB_USER_FILE,
 *             then the shared --db-user, env DB_USER, "microdrama" (the local platform's role)
 *   password: --payments-db-password-file, env PAYMENTS_DB_PASSWORD, the file named by env PAYMENTS_DB_PASSWORD_FILE,
 *             then the shared --db-password, env DB_PASSWORD, "microdrama"
 * </pre>
 * (ENTITLEMENTS_ likewise). A password is read from a file or the environment, so it never has to be on the command
 * line; --db-password stays for old scripts.
 */
public class DbOptions {

    static final String LOCAL_DEFAULT = "microdrama";

    @Option(names = "--payments-db-url", paramLabel = "JDBC_URL",
            defaultValue = "${env:PAYMENTS_DB_URL:-jdbc:postgresql://${env:DB_HOST:-127.0.0.1}:5432/payments}",
            description = "payment-service database (default: env PAYMENTS_DB_URL or ${DEFAULT-VALUE})")
    public String paymentsUrl;

    @Option(names = "--entitlements-db-url", paramLabel = "JDBC_URL",
            defaultValue = "${env:ENTITLEMENTS_DB_URL:-jdbc:postgresql://${env:DB_HOST:-127.0.0.1}:5432/entitlements}",
            description = "entitlement-service database (default: env ENTITLEMENTS_DB_URL or ${DEFAULT-VALUE})")
    public String entitlementsUrl;

    @Option(names = "--payments-db-user", paramLabel = "USER",
            description = "payments database user (default: env PAYMENTS_DB_USER, the file in env PAYMENTS_DB_USER_FILE, "
                    + "else the shared --db-user)")
    String paymentsUser;

    @Option(names = "--payments-db-password-file", paramLabel = "FILE",
            description = "File holding the payments database password (default: env PAYMENTS_DB_PASSWORD, the file in "
                    + "env PAYMENTS_DB_PASSWORD_FILE, else the shared password)")
    Path paymentsPasswordFile;

    @Option(names = "--entitlements-db-user", paramLabel = "USER",
            description = "entitlements database user (default: env ENTITLEMENTS_DB_USER, the file in env "
                    + "ENTITLEMENTS_DB_USER_FILE, else the shared --db-user)")
    String entitlementsUser;

    @Option(names = "--entitlements-db-password-file", paramLabel = "FILE",
            description = "File holding the entitlements database password (default: env ENTITLEMENTS_DB_PASSWORD, the "
                    + "file in env ENTITLEMENTS_DB_PASSWORD_FILE, else the shared password)")
    Path entitlementsPasswordFile;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "Shared fallback user for both databases (default: env DB_USER or microdrama)")
    String sharedUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Shared fallback password for both databases (default: env DB_PASSWORD or microdrama); "
                    + "prefer the *_PASSWORD environment variables or files, which keep it off the command line")
    String sharedPassword;

    /** The environment the credentials are read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    /** A database login; its toString hides the password. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[user=" + user + ", password=" + Redaction.HIDDEN + "]";
        }
    }

    public Connection payments() {
        return open(paymentsUrl, login("PAYMENTS", paymentsUser, paymentsPasswordFile));
    }

    public Connection entitlements() {
        return open(entitlementsUrl, login("ENTITLEMENTS", entitlementsUser, entitlementsPasswordFile));
    }

    /** The login for PAYMENTS or ENTITLEMENTS, by the precedence in the class comment. */
    Login login(String prefix, String userOption, Path passwordFileOption) {
        String user = first(userOption, env(prefix + "_DB_USER"), fileNamedBy(prefix + "_DB_USER_FILE"),
                sharedUser, env("DB_USER"), LOCAL_DEFAULT);
        String password = first(passwordFileOption == null ? null : read(passwordFileOption, "--" + prefix.toLowerCase()
                        + "-db-password-file"), env(prefix + "_DB_PASSWORD"), fileNamedBy(prefix + "_DB_PASSWORD_FILE"),
                sharedPassword, env("DB_PASSWORD"), LOCAL_DEFAULT);
        // the local platform's well-known default (user = password) is no secret, and hiding it would hide the user too
        if (!password.equals(user)) {
            Redaction.register(password);
        }
        return new Login(user, password);
    }

    private String env(String name) {
        String v = environment.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private String fileNamedBy(String variable) {
        String path = env(variable);
        return path == null ? null : read(Path.of(path), variable + "=" + path);
    }

    /** A Secret mounted as files: the value is the file's content without a trailing line break. */
    private static String read(Path file, String what) {
        try {
            String v = Files.readString(file, StandardCharsets.UTF_8);
            v = v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
            if (v.isEmpty()) {
                throw OpsException.usage(what + ": the file is empty");
            }
            return v;
        } catch (IOException e) {
            throw OpsException.usage("cannot read " + what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        throw new IllegalStateException("no value");
    }

    private Connection open(String url, Login login) {
        Properties p = new Properties();
        p.put("user", login.user());
        p.put("password", login.password());
        p.put("connectTimeout", "5");
        p.put("socketTimeout", "60");
        p.put("readOnly", "true");
        p.put("ApplicationName", "ops-cli reconcile");
        try {
            // The driver directly, not DriverManager: no reliance on service-loader registration in the uber-jar.
            Connection c = new org.postgresql.Driver().connect(url, p);
            if (c == null) {
                throw OpsException.usage("not a PostgreSQL JDBC URL: " + Redaction.redact(url));
            }
            // Reconcile only reads; a read-only transaction makes the database refuse any write we might attempt.
            c.setReadOnly(true);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return c;
        } catch (SQLException e) {
            throw OpsException.failure("cannot open " + Redaction.redact(url) + " as " + login.user() + ": " + e.getMessage(), e);
        }
    }
}
