package com.microdrama.entitlement.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the projection tables have read each partition. Kafka's committed group offsets lag behind (they are
 * committed after the database transaction, in batches), so the tables carry their own position, moved in the same
 * transaction as each record's effect: under a table lock it says exactly which records the tables contain.
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

    /** Positions as the table in the current search path has them. */
    public Uni<Map<TopicPartition, Long>> all() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select topic, partition, next_offset from consumer_position", Object[].class)
                .getResultList())
                .map(ConsumerPositions::toMap);
    }

    private static Map<TopicPartition, Long> toMap(List<Object[]> rows) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (Object[] row : rows) {
            positions.put(new TopicPartition((String) row[0], ((Number) row[1]).intValue()), ((Number) row[2]).longValue());
        }
        return positions;
    }
}
