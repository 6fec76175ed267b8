package com.microdrama.entitlement.access;

import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Tells waiting checks that a user was granted something, through PostgreSQL {@code NOTIFY} on
 * {@value #CHANNEL}: the grant's transaction sends the notice, PostgreSQL delivers it when (and only if) that
 * transaction commits, to every replica's listening connection; each replica wakes its own {@link GrantWaiters}. A
 * check served by one replica is woken by a grant that another replica's consumer committed.
 *
 * <p>The listening connection is one of the service's pool, held for as long as the service runs: it is opened with
 * exactly the pool's settings (TLS mode and trust, credentials, driver properties), which a connection built here from
 * the URL would not follow. Plain SQL on it and in the live payment-events transaction
 * (docs/decisions/0005-raw-sql-on-hot-paths.md).
 *
 * <p>Only grants send notices (a waiting check waits for "allowed"). Changes that allow many users at once (an
 * episode made free, a region promo, a rebuild's swap) send none: waiting checks read again every
 * {@code entitlement.check.recheck-interval}, which also covers notices lost while the listening connection was down.
 */
@ApplicationScoped
public class GrantNotices {

    static final String CHANNEL = "entitlement_granted";
    /** pg_notify returns void; selecting a constant from it keeps the result decodable by every client. */
    private static final String NOTIFY = "select 1 from pg_notify('" + CHANNEL + "', $1)";
    /** The same statement with Hibernate's parameter marker. */
    private static final String NOTIFY_NATIVE = NOTIFY.replace("$1", "?1");
    private static final long RECONNECT_DELAY_MS = 1_000;

    private final GrantWaiters waiters = new GrantWaiters();
    private final Vertx vertx;
    private final Pool pool;
    /** The connection that LISTENs, once its LISTEN succeeded; null while there is none. */
    private volatile SqlConnection listening;
    private volatile boolean stopped;

    public GrantNotices(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    void listen(@Observes StartupEvent started) {
        connect();
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        SqlConnection connection = listening;
        if (connection != null) {
            connection.closeAndForget();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        pool.getConnection().subscribe().with(connection -> {
            PgConnection pg = PgConnection.cast(connection.getDelegate());
            pg.notificationHandler(notice -> {
                if (CHANNEL.equals(notice.getChannel())) {
                    GrantNotice grant = GrantNotice.decode(notice.getPayload());
                    waiters.wake(grant.userId(), grant.grant());
                }
            });
            pg.closeHandler(closed -> {
                // only the connection that listens is replaced here; one lost while LISTEN ran fails that LISTEN
                if (listening == connection) {
                    listening = null;
                    retry("the listening connection closed");
                }
            });
            connection.query("LISTEN " + CHANNEL).execute().subscribe().with(listened -> {
                listening = connection;
                // (re)listening: notices sent while nobody listened are gone, so everyone reads again
                waiters.wakeAll();
            }, e -> {
                connection.closeAndForget();
                retry(e.getMessage());
            });
        }, e -> retry(e.getMessage()));
    }

    private void retry(String why) {
        if (stopped) {
            return;
        }
        Log.warnf("cannot LISTEN for grants (%s); waiting checks fall back to reading again, retrying in %d ms",
                why, RECONNECT_DELAY_MS);
        vertx.setTimer(RECONNECT_DELAY_MS, t -> connect());
    }

    /** Whether this replica is listening now (tests). */
    public boolean listening() {
        return listening != null;
    }

    public GrantWaiters waiters() {
        return waiters;
    }

    /**
     * Inside the grant's plain-SQL transaction on {@code connection}. The notice names the current span (the consumed
     * record's, an admin request's), so the check it wakes links to the grant (decision 0025).
     */
    public Uni<Void> granted(SqlConnection connection, String userId) {
        return connection.preparedQuery(NOTIFY).execute(Tuple.of(payload(userId))).replaceWithVoid();
    }

    /** Inside the grant's Hibernate Reactive transaction. */
    public Uni<Void> granted(Mutiny.Session session, String userId) {
        return session.createNativeQuery(NOTIFY_NATIVE)
                .setParameter(1, payload(userId)).getSingleResult().replaceWithVoid();
    }

    private static String payload(String userId) {
        return GrantNotice.encode(userId, Span.current().getSpanContext());
    }
}
