package com.microdrama.entitlement.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How far the projection tables have read each partition. Kafka's committed group offsets lag behind (they are
 * committed after the database transaction, in batches), so the tables carry their own position, moved in the same
 * transaction as each record's effect: under a table lock it says exactly which records the tables contain (the
 * rebuild's swap reads it so).
 */
@ApplicationScoped
public class ConsumerPositions {

    private final Clock clock;

    public ConsumerPositions(Clock clock) {
        this.clock = clock;
    }

    /** Inside the caller's transaction; never moves backwards, so a redelivered record is harmless. */
    public Uni<Void> advance(String topic, int partition, long nextOffset) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into consumer_position (topic, partition, next_offset, updated_at)
                        values (:topic, :partition, :next, :at)
                        on conflict (topic, partition) do update
                            set next_offset = greatest(consumer_position.next_offset, excluded.next_offset),
                                updated_at = excluded.updated_at""")
                .setParameter("topic", topic)
                .setParameter("partition", partition)
                .setParameter("next", nextOffset)
                .setParameter("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }
}
