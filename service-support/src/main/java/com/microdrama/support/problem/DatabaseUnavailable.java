package com.microdrama.support.problem;

import io.smallrye.mutiny.CompositeException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.SocketException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Whether a failure means "the database is not there right now" (a restart, a failover, a refused connection)
 * rather than a bad request or a bug: such a request rolled back and can be retried, so it answers 503.
 */
final class DatabaseUnavailable {
    /** admin_shutdown, crash_shutdown, cannot_connect_now; class 08 (connection exception) is checked by prefix */
    private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseUnavailable() {
    }

    static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // SocketException: refused (ConnectException) or reset under a statement, which the PostgreSQL client then
            // reports bare (a PostgreSQL restart in the bench answered one request 500 so, the others 503)
            if (t instanceof ClosedConnectionException || t instanceof SocketException) {
                return true;
            }
            if (t instanceof CompositeException composite) {
                for (Throwable cause : composite.getCauses()) {
                    if (cause != composite && in(cause)) {
                        return true;
                    }
                }
            }
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && (state.startsWith("08") || SHUTDOWN_STATES.contains(state))) {
                return true;
            }
        }
        return false;
    }
}
