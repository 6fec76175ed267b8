package com.microdrama.ops.reconcile;

import com.microdrama.ops.OpsException;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Where payment-service's and entitlement-service's databases are; both are opened read-only. */
public class DbOptions {

    @Option(names = "--payments-db-url", paramLabel = "JDBC_URL",
            defaultValue = "${env:PAYMENTS_DB_URL:-jdbc:postgresql://${env:DB_HOST:-127.0.0.1}:5432/payments}",
            description = "payment-service database (default: env PAYMENTS_DB_URL or ${DEFAULT-VALUE})")
    public String paymentsUrl;

    @Option(names = "--entitlements-db-url", paramLabel = "JDBC_URL",
            defaultValue = "${env:ENTITLEMENTS_DB_URL:-jdbc:postgresql://${env:DB_HOST:-127.0.0.1}:5432/entitlements}",
            description = "entitlement-service database (default: env ENTITLEMENTS_DB_URL or ${DEFAULT-VALUE})")
    public String entitlementsUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:DB_USER:-microdrama}",
            description = "Database user for both (default: env DB_USER or ${DEFAULT-VALUE})")
    public String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:DB_PASSWORD:-microdrama}",
            description = "Database password for both (default: env DB_PASSWORD or microdrama)")
    public String password;

    public Connection payments() {
        return open(paymentsUrl);
    }

    public Connection entitlements() {
        return open(entitlementsUrl);
    }

    private Connection open(String url) {
        Properties p = new Properties();
        p.put("user", user);
        p.put("password", password);
        p.put("connectTimeout", "5");
        p.put("socketTimeout", "60");
        p.put("readOnly", "true");
        p.put("ApplicationName", "ops-cli reconcile");
        try {
            // The driver directly, not DriverManager: no reliance on service-loader registration in the uber-jar.
            Connection c = new org.postgresql.Driver().connect(url, p);
            if (c == null) {
                throw OpsException.usage("not a PostgreSQL JDBC URL: " + url);
            }
            // Reconcile only reads; a read-only transaction makes the database refuse any write we might attempt.
            c.setReadOnly(true);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return c;
        } catch (SQLException e) {
            throw OpsException.failure("cannot open " + url + " as " + user + ": " + e.getMessage(), e);
        }
    }
}
