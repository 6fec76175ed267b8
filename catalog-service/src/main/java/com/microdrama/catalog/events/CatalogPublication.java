package com.microdrama.catalog.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a start publishes. The guarantee is that a consumer reading catalog-events from the beginning learns the
 * whole catalog. It holds without republishing at every start: the compacted topic keeps the newest event per key,
 * and every write commits its change together with its marker, which the relay clears only after Kafka acknowledged
 * the row's current state. So once every row was marked in one transaction for a topic, that topic stays complete.
 * A start therefore marks everything only when {@link FullPublication} says the topic may lack part of the catalog,
 * and records that in {@code catalog_publication} in the SAME transaction as the markers: either both commit or
 * neither, so a crash in between just repeats the decision at the next start.
 */
@ApplicationScoped
public class CatalogPublication {

    private final CatalogChanges changes;
    private final CatalogTopicId topicId;
    private final CatalogChangeRelay relay;
    private final AtomicReference<Cancellable> startup = new AtomicReference<>();

    public CatalogPublication(CatalogChanges changes, CatalogTopicId topicId, CatalogChangeRelay relay) {
        this.changes = changes;
        this.topicId = topicId;
        this.relay = relay;
    }

    void onStart(@Observes StartupEvent event) {
        // in the background: a database or broker that is still away delays publication, not the start; Hibernate
        // Reactive needs a Vert.x context, which VertxContextSupport gives without blocking the start
        VertxContextSupport.subscribe(() -> prepare()
                        .onFailure().invoke(e -> Log.warnf("deciding what to publish to %s failed, retrying: %s",
                                CatalogChangeRelay.CHANNEL, e.toString()))
                        .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).indefinitely()
                        .toMulti(),
                subscribe -> startup.set(subscribe.with(
                        reason -> {
                            if (reason.isPresent()) {
                                Log.infof("marked the whole catalog for publication to %s: %s",
                                        CatalogChangeRelay.CHANNEL, reason.get());
                            } else {
                                Log.infof("%s already holds the catalog; publishing changes only",
                                        CatalogChangeRelay.CHANNEL);
                            }
                            relay.nudge();
                        },
                        e -> Log.error("giving up deciding what to publish to " + CatalogChangeRelay.CHANNEL, e))));
    }

    /** A start still retrying must not touch the database or the broker while they close. */
    void onShutdown(@Observes @Priority(RelayLifecycle.BEFORE_EVERYTHING) ShutdownEvent event) {
        Cancellable running = startup.getAndSet(null);
        if (running != null) {
            running.cancel();
        }
    }

    /**
     * The start-up decision: asks Kafka for the topic's id, then in one transaction reads the last full
     * publication and, when {@link FullPublication} asks for it, marks every row and records this publication.
     *
     * @return why everything was marked, or empty when the markers suffice
     */
    public Uni<Optional<String>> prepare() {
        return topicId.current().flatMap(topic -> Panache.withTransaction(() -> last().flatMap(last -> {
            Optional<String> reason = FullPublication.reason(last, CatalogEvents.FORMAT, topic);
            if (reason.isEmpty()) {
                return Uni.createFrom().item(reason);
            }
            return changes.markEverything()
                    .flatMap(marked -> record(CatalogEvents.FORMAT, topic.orElse(null)))
                    .replaceWith(reason);
        })));
    }

    private Uni<Optional<FullPublication.Recorded>> last() {
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("select event_format, topic_id from catalog_publication where id = 1",
                                Object[].class)
                        .getResultList())
                .map(CatalogPublication::recorded);
    }

    static Optional<FullPublication.Recorded> recorded(List<Object[]> rows) {
        return rows.stream().findFirst()
                .map(row -> new FullPublication.Recorded(((Number) row[0]).intValue(), (String) row[1]));
    }

    private Uni<Void> record(int format, String topic) {
        return Panache.getSession().flatMap(session -> session
                        .createNativeQuery("insert into catalog_publication (id, event_format, topic_id, marked_at)"
                                + " values (1, :format, :topic, now()) on conflict (id) do update set"
                                + " event_format = excluded.event_format, topic_id = excluded.topic_id,"
                                + " marked_at = excluded.marked_at")
                        .setParameter("format", format)
                        .setParameter("topic", topic)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
