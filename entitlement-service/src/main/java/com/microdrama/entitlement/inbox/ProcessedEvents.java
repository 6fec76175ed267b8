package com.microdrama.entitlement.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The consumer-side inbox: remembers applied event ids so at-least-once delivery applies each event once. */
@ApplicationScoped
public class ProcessedEvents {

    /**
     * Claims the event id inside the caller's transaction. {@code false} means an earlier delivery already committed
     * its effect. A concurrent claim of the same id waits on the primary key until the other transaction ends.
     */
    public Uni<Boolean> claim(String eventId, String type, Instant now) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("insert into processed_event (event_id, type, processed_at) values (:id, :type, :at)"
                        + " on conflict (event_id) do nothing")
                .setParameter("id", eventId)
                .setParameter("type", type)
                .setParameter("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .executeUpdate())
                .map(rows -> rows == 1);
    }
}
