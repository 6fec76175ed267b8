package com.microdrama.entitlement.it;

import com.microdrama.entitlement.access.GrantNotices;
import com.microdrama.events.EventEnvelope;
import com.microdrama.events.EventTypes;
import com.microdrama.events.Topics;
import com.microdrama.events.payload.EpisodePurchased;
import com.microdrama.testsupport.TopicReader;
import com.microdrama.testsupport.Traceparents;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A payment event's trace continues through entitlement-service (docs/decisions/0025-tracing-through-the-outbox.md):
 * the consumer's span joins the record's trace, the entitlement-events record it causes carries the same trace id, and
 * the waiting check the grant answered links to the grant. The record and the check send sampled {@code traceparent}s,
 * as traced producers and clients do; spans are read back from memory ({@link TestSpanExporter}).
 */
@QuarkusTest
class TracingIT {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SERIES = "it-trace-series-" + RUN;
    private static final String FREE = "it-trace-ep-" + RUN + "-1";
    private static final String PAID = "it-trace-ep-" + RUN + "-2";

    @Inject
    InMemorySpanExporter spans;
    @Inject
    GrantNotices notices;

    @BeforeAll
    static void catalog() {
        TestKafka.freeFirstSeries(SERIES, FREE, PAID);
    }

    private SpanData exported(String traceId, SpanKind kind, String name) {
        SpanData[] found = new SpanData[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            found[0] = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == kind && s.getName().startsWith(name))
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static String traceparent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        assertNotNull(header, "the entitlement event carries a traceparent");
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aPurchaseRecordsTraceContinuesThroughTheGrantItsEventAndTheWaitingCheckItAnswers() throws Exception {
        Alice.forgetEntitlements();
        String checkTrace = Traceparents.newTraceId();
        int before = notices.waiters().waiting();
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> given().auth().oauth2(Alice.TOKEN)
                .header("traceparent", Traceparents.sampled(checkTrace))
                .queryParam("episodeId", PAID).queryParam("waitMs", 10_000)
                .when().get("/api/entitlements/check"));
        await().atMost(PATIENCE).until(() -> notices.waiters().waiting() > before || answer.isDone());
        String paymentTrace = Traceparents.newTraceId();

        try (TopicReader granted = TopicReader.atEndOf(Topics.ENTITLEMENT_EVENTS, Alice.ID::equals)) {
            EventEnvelope purchase = TestKafka.payment(EventTypes.EPISODE_PURCHASED, Alice.ID,
                    new EpisodePurchased("unl-" + UUID.randomUUID(), Alice.ID, PAID, SERIES, 80, Instant.now()),
                    Traceparents.sampled(paymentTrace));

            answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).then().statusCode(200).body("allowed", equalTo(true));
            SpanData consumed = exported(paymentTrace, SpanKind.CONSUMER, Topics.PAYMENT_EVENTS);

            // the locally running packaged service (another consumer group) may grant the same record too: ours is the
            // record sent in this application's PRODUCER span, child of the consumer span
            SpanData send = exported(paymentTrace, SpanKind.PRODUCER, "send " + Topics.ENTITLEMENT_EVENTS);
            assertEquals(consumed.getSpanId(), send.getParentSpanId(), "written while applying the consumed record");
            String sent = "00-" + paymentTrace + "-" + send.getSpanId() + "-01";
            List<ConsumerRecord<String, String>> events = granted.awaitUntil(
                    r -> r.value().contains(purchase.id()) && r.value().contains(EventTypes.ENTITLEMENT_GRANTED),
                    found -> found.stream().anyMatch(r -> traceparent(r).equals(sent)), PATIENCE);
            assertTrue(events.stream().anyMatch(r -> traceparent(r).equals(sent)),
                    "the granted.v1 record carries the context of its send, in the payment event's trace: " + events);

            SpanData check = exported(checkTrace, SpanKind.SERVER, "GET");
            List<LinkData> links = check.getLinks();
            assertTrue(links.stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(paymentTrace)
                            && l.getSpanContext().getSpanId().equals(consumed.getSpanId())),
                    "the answered check links to the grant: " + links);
        }
    }
}
