package com.microdrama.e2e;

import com.microdrama.testsupport.TopicReader;
import com.microdrama.testsupport.Traceparents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One trace from the app to the grant through the packaged services (docs/decisions/0025-tracing-through-the-outbox.md):
 * an unlock sent through the gateway with the app's own {@code traceparent} reaches payment-events and, through
 * entitlement-service's consumer and outbox, entitlement-events, and both records name the app's trace id. The
 * app asks for no recording (the local services run without a collector): the ids travel all the same.
 */
class TracingIT {
    private static final String SERIES = "midnight-contract";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static String traceIdOf(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, record.topic() + " record without traceparent");
        return Traceparents.traceIdOf(new String(header.value(), StandardCharsets.UTF_8));
    }

    @Test
    void anUnlockSentWithTheAppsTraceparentCarriesItsTraceIdIntoThePaymentAndTheEntitlementEvent() {
        Viewer viewer = Viewer.create("e2e-trace");
        viewer.buyPack("coins-500");
        String traceId = Traceparents.newTraceId();

        try (TopicReader payments = TopicReader.atEndOf(KafkaProbe.PAYMENT_EVENTS, viewer.id::equals);
             TopicReader entitlements = TopicReader.atEndOf("entitlement-events", viewer.id::equals)) {
            String unlockId = viewer.unlockEpisode(Viewer.episodeId(SERIES, 4),
                    Map.of("traceparent", Traceparents.unsampled(traceId)));

            List<ConsumerRecord<String, String>> purchased = payments.await(r -> r.value().contains(unlockId), 1, PATIENCE);
            assertEquals(1, purchased.size(), "the unlock's payment event");
            assertEquals(traceId, traceIdOf(purchased.get(0)), "payment-events record of the app's trace");

            List<ConsumerRecord<String, String>> granted = entitlements.await(
                    r -> r.value().contains(unlockId) && r.value().contains("granted"), 1, PATIENCE);
            assertEquals(1, granted.size(), "the grant's entitlement event");
            assertEquals(traceId, traceIdOf(granted.get(0)), "entitlement-events record of the same trace");
        }
    }
}
