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
 * the cached entitlement answers each event may have changed (docs/events.md):
 * <ul>
 *   <li>{@code granted}/{@code revoked}: keyed and subjected by the user id: that user's answers;</li>
 *   <li>{@code promo-started}/{@code promo-ended} (region promos, keyed by series id): they concern every viewer of
 *       some regions, so all answers.</li>
 * </ul>
 */
@ApplicationScoped
public class EntitlementEventsListener {
    static final String REGION_PROMO_TYPES = "com.microdrama.entitlement.promo-";

    private final EntitlementLookup lookup;

    public EntitlementEventsListener(EntitlementLookup lookup) {
        this.lookup = lookup;
    }

    @Incoming("entitlement-events")
    public CompletionStage<Void> onEvent(Message<String> message) {
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(meta -> meta.getKey() == null ? null : meta.getKey().toString())
                .orElse(null);
        EventEnvelope event = parse(message.getPayload());
        if (event != null && event.type() != null && event.type().startsWith(REGION_PROMO_TYPES)) {
            lookup.changedForEveryone();
        } else if (event != null && event.subject() != null) {
            lookup.changed(event.subject());
        } else if (key != null) {
            lookup.changed(key);
        }
        return message.ack();
    }

    private static EventEnvelope parse(String payload) {
        try {
            return payload == null ? null : EventEnvelope.parse(payload);
        } catch (RuntimeException unreadable) {
            Log.debugf("unreadable entitlement event: only its key is used: %s", unreadable.toString());
            return null;
        }
    }
}
