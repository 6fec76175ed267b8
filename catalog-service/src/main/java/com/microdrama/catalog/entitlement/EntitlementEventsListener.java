package com.microdrama.catalog.entitlement;

import com.microdrama.events.EventEnvelope;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletionStage;

/**
 * Every catalog instance reads entitlement-events (its own consumer group, from the newest record on) and forgets
 * the cached entitlement answers of each user an event names. The record key is the user id (docs/events.md);
 * the envelope's subject is the fallback for a keyless record.
 */
@ApplicationScoped
public class EntitlementEventsListener {
    private final EntitlementLookup lookup;

    public EntitlementEventsListener(EntitlementLookup lookup) {
        this.lookup = lookup;
    }

    @Incoming("entitlement-events")
    @SuppressWarnings("unchecked")
    public CompletionStage<Void> onEvent(Message<String> message) {
        String userId = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> (String) meta.getKey())
                .orElse(null);
        if (userId == null) {
            userId = subjectOf(message.getPayload());
        }
        if (userId != null) {
            lookup.changed(userId);
        }
        return message.ack();
    }

    private static String subjectOf(String payload) {
        try {
            return EventEnvelope.parse(payload).subject();
        } catch (RuntimeException unreadable) {
            Log.debugf("entitlement event without key or readable subject ignored: %s", unreadable.toString());
            return null;
        }
    }
}
