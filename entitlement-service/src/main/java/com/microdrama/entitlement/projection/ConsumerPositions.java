package com.microdrama.entitlement.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How far the projection tables have read each partition. Kafka's committed group offsets lag behind (they are
 * committed after the database transaction, in batches), so the tables carry their own position, moved in the same
 * transaction as each record's effect: under a table lock it says exactly which records the tables contain (the
 * rebuild's swap reads it so). Plain SQL in the live payment-events transaction, a native query in a Hibernate one
 * (docs/decisions/0005-raw-sql-on-hot-paths.md).
 */
@ApplicationScoped
public class ConsumerPositions {

    /** One statement for both callers; its four parameters written the way each client names them. */
    private static final String ADVANCE = """
            insert into consumer_position (topic, partition, next_offset, updated_at)
            values (%s, %s, %s, %s)
            on conflict (topic, partition) do update
                set next_offset = greatest(consumer_position.next_offset, excluded.next_offset),
                    updated_at = excluded.updated_at""";
    private static final String ADVANCE_POSITIONAL = ADVANCE.formatted("$1", "$2", "$3", "$4");
    private static final String ADVANCE_NAMED = ADVANCE.formatted(":topic", ":partition", ":next", ":at");

    private final Clock clock;

    public ConsumerPositions(Clock clock) {
        this.clock = clock;
    }

    /** On the connection of a plain SQL transaction (the live payment-events path); never moves backwards. */
    public Uni<Void> advance(SqlConnection connection, String topic, int partition, long nextOffset) {
        return connection.preparedQuery(ADVANCE_POSITIONAL)
                .execute(Tuple.of(topic, partition, nextOffset, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Inside the caller's transaction; never moves backwards, so a redelivered record is harmless. */
    public Uni<Void> advance(String topic, int partition, long nextOffset) {
        return Panache.getSession().chain(session -> session.createNativeQuery(ADVANCE_NAMED)
                .setParameter("topic", topic)
                .setParameter("partition", partition)
                .setParameter("next", nextOffset)
                .setParameter("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }
}
