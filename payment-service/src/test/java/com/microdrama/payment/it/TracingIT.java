package com.microdrama.payment.it;

import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.payment.webhook.StripeSignatures;
import com.microdrama.testsupport.Traceparents;
import com.microdrama.testsupport.TopicReader;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One trace from the request to the record (docs/decisions/0025-tracing-through-the-outbox.md): the outbox row stores
 * the request's trace context, the relay's PRODUCER span continues it, and the payment-events record's
 * {@code traceparent} names that span. The requests send a sampled {@code traceparent}, as a traced client does; the
 * spans are read back from memory ({@link TestSpanExporter}).
 */
@QuarkusTest
class TracingIT {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final CatalogFixture CATALOG = new CatalogFixture();
    private static final String SERIES = CATALOG.seriesId("trace");
    private static final String EPISODE = CATALOG.episodeId("trace-4");

    @Inject
    InMemorySpanExporter spans;

    @BeforeAll
    static void catalog() {
        CATALOG.series(SERIES, 300, true);
        CATALOG.awaitSeries(SERIES, 300);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertNotNull(header, "the record has no " + name + " header");
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The span of {@code kind} named {@code name} in the trace, once the batch processor exported it. */
    private SpanData exported(String traceId, SpanKind kind, String name) {
        SpanData[] found = new SpanData[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            found[0] = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                    .filter(s -> s.getKind() == kind && s.getName().startsWith(name)).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** The row's stored context, the PRODUCER span and the record's header all belong to the request's trace. */
    private void assertPublishedInTrace(String traceId, String path, String storedTraceparent,
                                        ConsumerRecord<String, String> record) {
        assertEquals(traceId, Traceparents.traceIdOf(storedTraceparent), "the outbox row's stored context");
        SpanData server = exported(traceId, SpanKind.SERVER, "POST " + path);
        SpanData send = exported(traceId, SpanKind.PRODUCER, "send " + Topics.PAYMENT_EVENTS);
        assertEquals(server.getSpanId(), send.getParentSpanId(), "the publish span continues the request's span");
        String traceparent = header(record, "traceparent");
        assertEquals("00-" + traceId + "-" + send.getSpanId() + "-01", traceparent,
                "the record carries the publish span's context");
        // decision 0025: no span per SQL statement on these paths (the server and send spans bound the database time)
        assertEquals(List.of(), spans.getFinishedSpanItems().stream()
                        .filter(s -> s.getTraceId().equals(traceId))
                        .filter(s -> s.getAttributes().asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith("db.")))
                        .map(SpanData::getName).toList(),
                "SQL statement spans");
    }

    @Test
    void anUnlockCarriesTheRequestsTraceThroughTheOutboxRowThePublishSpanAndTheRecord() {
        Api viewer = Api.fresh("trace");
        viewer.buy("coins-500");
        CATALOG.episode(EPISODE, SERIES, 4, false, 80, true);
        CATALOG.awaitEpisode(EPISODE, 80, true);
        String traceId = Traceparents.newTraceId();

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS, viewer.userId::equals)) {
            String unlockId = given().auth().oauth2(viewer.token).contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("traceparent", Traceparents.sampled(traceId))
                    .body(Map.of("episodeId", EPISODE))
                    .post("/api/payments/episode-unlocks").then().statusCode(201).extract().path("unlockId");

            List<ConsumerRecord<String, String>> records = probe.await(
                    r -> r.value().contains(unlockId) && r.value().contains(EventTypes.EPISODE_PURCHASED), 1, PATIENCE);
            assertEquals(1, records.size(), "episode-purchased on payment-events");
            String stored = TestDb.string("select traceparent from outbox_event where payload like ?", "%" + unlockId + "%");
            assertPublishedInTrace(traceId, "/api/payments/episode-unlocks", stored, records.get(0));
        }
    }

    @Test
    void aSignedStripeWebhookThatCompletesAPurchasePublishesInTheWebhooksTrace() {
        Api viewer = Api.fresh("trace-pi");
        // a purchase waiting for Stripe (this profile's sandbox confirms its own at once)
        String purchaseId = UUID.randomUUID().toString();
        String paymentIntent = "pi_trace_" + purchaseId.substring(0, 8);
        TestDb.execute("insert into pack_purchase (id, user_id, pack_id, coins, bonus_coins, price_amount, currency,"
                        + " provider, provider_payment_id, status, created_at) values (cast(? as uuid), ?, 'coins-500',"
                        + " 500, 50, ?, 'USD', 'stripe', ?, 'PENDING', ?)",
                purchaseId, viewer.userId, new BigDecimal("4.99"), paymentIntent, Timestamp.from(Instant.now()));
        String traceId = Traceparents.newTraceId();

        try (TopicReader probe = TopicReader.atEndOf(Topics.PAYMENT_EVENTS, viewer.userId::equals)) {
            String event = Stripe.event("payment_intent.succeeded", Stripe.paymentIntent(paymentIntent, purchaseId, 499));
            Stripe.sendWith(event, StripeSignatures.sign(event), Map.of("traceparent", Traceparents.sampled(traceId)))
                    .then().statusCode(200).body("outcome", startsWith("completed purchase"));

            List<ConsumerRecord<String, String>> records = probe.await(
                    r -> r.value().contains(purchaseId) && r.value().contains(EventTypes.COINS_PURCHASED), 1, PATIENCE);
            assertEquals(1, records.size(), "coins-purchased on payment-events");
            String stored = TestDb.string("select traceparent from outbox_event where payload like ?", "%" + purchaseId + "%");
            assertPublishedInTrace(traceId, Stripe.WEBHOOK, stored, records.get(0));
        }
    }

    @Test
    void theCatalogConsumerContinuesTheTraceOfTheRecordItReads() {
        String traceId = Traceparents.newTraceId();
        String episode = CATALOG.episodeId("trace-5");
        CATALOG.episode(episode, SERIES, 5, false, 90, true, Traceparents.sampled(traceId));
        CATALOG.awaitEpisode(episode, 90, true);

        SpanData consumed = exported(traceId, SpanKind.CONSUMER, Topics.CATALOG_EVENTS);
        assertFalse(consumed.getParentSpanId().isEmpty());
    }
}
