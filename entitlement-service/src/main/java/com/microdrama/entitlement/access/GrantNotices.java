package com.microdrama.entitlement.access;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;

/**
 * Tells waiting checks that a user was granted something, through PostgreSQL {@code NOTIFY} on
 * {@value #CHANNEL}: the grant's transaction sends the notice, PostgreSQL delivers it when (and only if) that
 * transaction commits, to every replica's listening connection; each replica wakes its own {@link GrantWaiters}. A
 * check served by one replica is woken by a grant that another replica's consumer committed.
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
    private final PgSubscriber subscriber;

    public GrantNotices(Vertx vertx,
                        @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                        @ConfigProperty(name = "quarkus.datasource.username") String user,
                        @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        // the pool's first server; a list of URLs names replicas of the same database
        PgConnectOptions options = PgConnectOptions.fromUri(url.split(",")[0].trim())
                .setUser(user).setPassword(password);
        this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
        subscriber.channel(CHANNEL)
                .handler(waiters::wake)
                // (re)subscribed: notices sent while there was no listener are gone, so everyone reads again
                .subscribeHandler(ignored -> waiters.wakeAll());
    }

    void listen(@Observes StartupEvent started) {
        connect();
    }

    void stop(@Observes ShutdownEvent stopping) {
        subscriber.close();
    }

    /** The reconnect policy covers a lost connection, not a failed first connect: that one is retried here. */
    private void connect() {
        subscriber.connect().onFailure(e -> {
            Log.warnf("cannot LISTEN for grants (%s); waiting checks fall back to reading again, retrying in %d ms",
                    e.getMessage(), RECONNECT_DELAY_MS);
            subscriber.close();
            vertx.setTimer(RECONNECT_DELAY_MS, t -> connect());
        });
    }

    public GrantWaiters waiters() {
        return waiters;
    }

    /** Inside the grant's plain-SQL transaction on {@code connection}. */
    public Uni<Void> granted(SqlConnection connection, String userId) {
        return connection.preparedQuery(NOTIFY).execute(Tuple.of(userId)).replaceWithVoid();
    }

    /** Inside the grant's Hibernate Reactive transaction. */
    public Uni<Void> granted(Mutiny.Session session, String userId) {
        return session.createNativeQuery(NOTIFY_NATIVE)
                .setParameter(1, userId).getSingleResult().replaceWithVoid();
    }
}
