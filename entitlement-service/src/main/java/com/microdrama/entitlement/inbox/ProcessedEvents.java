package com.microdrama.entitlement.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The consumer-side inbox: remembers applied event ids so at-least-once delivery applies each event once. Plain SQL in
 * the live payment-events transaction (docs/decisions/0005-raw-sql-on-hot-paths.md).
 */
@ApplicationScoped
public class ProcessedEvents {

    static final String CLAIM = "insert into processed_event (event_id, type, processed_at) values ($1, $2, $3)"
            + " on conflict (event_id) do nothing";

    /**
     * Claims the event id inside the caller's transaction. {@code false} means an earlier delivery already committed
     * its effect. A concurrent claim of the same id waits on the primary key until the other transaction ends.
     */
    public Uni<Boolean> claim(SqlConnection connection, String eventId, String type, Instant now) {
        return connection.preparedQuery(CLAIM)
                .execute(Tuple.of(eventId, type, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }
}
