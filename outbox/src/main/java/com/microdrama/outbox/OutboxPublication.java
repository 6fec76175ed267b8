package com.microdrama.outbox;

import com.microdrama.outbox.OutboxRelay.Pending;
import io.quarkus.logging.Log;

import java.util.ArrayList;
import java.util.List;

/**
 * The outbox rows one unit of work wrote, so that they can be sent the moment its transaction committed instead of
 * waiting for a relay pass to find them. Created per attempt of the unit ({@link Outbox#publication()}): a rolled
 * back attempt's rows must never be sent, so an attempt that fails is simply dropped with its publication.
 */
public final class OutboxPublication {
    private final OutboxRelay relay;
    private final List<Pending> rows = new ArrayList<>(1);
    private boolean unnumbered;

    OutboxPublication(OutboxRelay relay) {
        this.relay = relay;
    }

    void add(OutboxEvent row) {
        if (row.seq == null) {
            // not inserted yet, so its place in the order is unknown: leave it to a pass
            unnumbered = true;
            return;
        }
        rows.add(new Pending(row.seq, row.id.toString(), row.topic, row.recordKey, row.type, row.payload,
                new OutboxTracing.Stored(row.traceparent, row.tracestate)));
    }

    /** Call once the transaction that appended the rows committed. */
    public void afterCommit() {
        if (unnumbered) {
            relay.nudge();
            return;
        }
        if (rows.isEmpty()) {
            // a replayed answer or a unit that announced nothing: a pass still picks up anything another unit missed
            return;
        }
        // One line per committed money or access fact, on the unit's own request or record context, so it carries
        // that context's trace, request and pseudonymous user ids: the line support starts from when a viewer says
        // "I paid and it is still locked" (docs/decisions/0028-structured-logs.md). Ids and types only, no payload.
        rows.forEach(row -> Log.infof("Committed %s %s", row.type(), row.id()));
        relay.publishCommitted(List.copyOf(rows));
    }
}
