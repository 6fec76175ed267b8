package com.microdrama.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTracingTest {
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();
    private final OutboxTracing tracing = new OutboxTracing(sdk);

    private static OutboxRelay.Pending row(OutboxTracing.Stored trace) {
        return new OutboxRelay.Pending(7, "event-1", "payment-events", "user-1",
                "com.microdrama.payment.episode-purchased.v1", "{}", trace);
    }

    private static String header(RecordHeaders headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRowAppendedInsideASpanIsSentInAProducerSpanOfThatTraceWhoseContextTheRecordCarries() {
        Span request = sdk.getTracer("test").spanBuilder("POST /unlock").startSpan();
        OutboxTracing.Stored stored;
        try (Scope ignored = request.makeCurrent()) {
            stored = tracing.current();
        }
        request.end();
        assertTrue(stored.traceparent().contains(request.getSpanContext().getTraceId()), stored.traceparent());

        RecordHeaders headers = new RecordHeaders();
        tracing.sending(row(stored), headers).sent();

        SpanData send = exported.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
        assertEquals("send payment-events", send.getName());
        assertEquals(request.getSpanContext().getTraceId(), send.getTraceId());
        assertEquals(request.getSpanContext().getSpanId(), send.getParentSpanId());
        assertEquals("00-" + send.getTraceId() + "-" + send.getSpanId() + "-01", header(headers, "traceparent"));
    }

    @Test
    void aRowFromOutsideATraceStartsOneAtItsSendAndAFailedSendIsAnError() {
        assertEquals(OutboxTracing.Stored.NONE, tracing.current());

        RecordHeaders headers = new RecordHeaders();
        tracing.sending(row(OutboxTracing.Stored.NONE), headers).failed(new IllegalStateException("broker down"));

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(1, spans.size());
        assertFalse(spans.get(0).getParentSpanContext().isValid());
        assertEquals(StatusCode.ERROR, spans.get(0).getStatus().getStatusCode());
        assertTrue(header(headers, "traceparent").contains(spans.get(0).getTraceId()));
    }

    @Test
    void withoutAnSdkNothingIsStoredAndTheRecordGetsNoHeader() {
        OutboxTracing untraced = new OutboxTracing((io.opentelemetry.api.OpenTelemetry) null);
        Span request = sdk.getTracer("test").spanBuilder("POST /unlock").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            assertEquals(OutboxTracing.Stored.NONE, untraced.current());
        }
        RecordHeaders headers = new RecordHeaders();
        untraced.sending(row(new OutboxTracing.Stored(
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null)), headers).sent();
        assertNull(headers.lastHeader("traceparent"));
        assertFalse(headers.iterator().hasNext());
    }
}
