package com.microdrama.outbox;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries a trace across the outbox (docs/decisions/0025-tracing-through-the-outbox.md): {@link #current()} is the
 * W3C trace context of the unit of work that appends a row, stored with it; {@link #sending} opens the relay's
 * PRODUCER span for that row, child of the stored context, and writes the span's context into the Kafka record's
 * {@code traceparent}/{@code tracestate} headers, which consumers continue.
 *
 * <p>Only the OpenTelemetry API: the service's SDK (quarkus-opentelemetry) is used when there is one. Without an
 * {@link OpenTelemetry} bean nothing is stored, no span is made and no header is added, exactly as before.
 */
@ApplicationScoped
public class OutboxTracing {
    static final String INSTRUMENTATION_SCOPE = "com.microdrama.outbox";
    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    private static final AttributeKey<Long> SEQ = AttributeKey.longKey("outbox.seq");
    private static final TextMapSetter<Map<String, String>> INTO_MAP = Map::put;
    private static final TextMapSetter<Headers> INTO_HEADERS = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };
    private static final TextMapGetter<Stored> FROM_ROW = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Stored carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Stored carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key) ? carrier.traceparent() : TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };

    /** The stored trace context of a row; both null when it was appended outside a trace. */
    public record Stored(String traceparent, String tracestate) {
        static final Stored NONE = new Stored(null, null);
    }

    /** The PRODUCER span of one send: ended when the broker acknowledged the record or the send failed. */
    public interface Sending {
        void sent();

        void failed(Throwable failure);
    }

    private static final Sending UNTRACED = new Sending() {
        @Override
        public void sent() {
        }

        @Override
        public void failed(Throwable failure) {
        }
    };

    /** Null without an OpenTelemetry SDK in the service: then the outbox does exactly what it did before tracing. */
    private final Tracer tracer;

    @Inject
    OutboxTracing(Instance<OpenTelemetry> openTelemetry) {
        this(openTelemetry.isResolvable() ? openTelemetry.get() : null);
    }

    OutboxTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry == null ? null : openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    }

    /** The trace context of the caller (an HTTP request's span, a consumed record's span), to store with a row. */
    public Stored current() {
        if (tracer == null) {
            return Stored.NONE;
        }
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return Stored.NONE;
        }
        Map<String, String> carrier = new HashMap<>(4);
        W3C.inject(context, carrier, INTO_MAP);
        return new Stored(carrier.get(TRACEPARENT), carrier.get(TRACESTATE));
    }

    /**
     * Starts the PRODUCER span of sending {@code row} (child of its stored context; a root span when it has none) and
     * puts that span's context into {@code headers}. The relay's own pass is no part of the trace: the span says when
     * the event left, and the consumer's span becomes its child.
     */
    public Sending sending(OutboxRelay.Pending row, Headers headers) {
        if (tracer == null) {
            return UNTRACED;
        }
        Context parent = row.trace().traceparent() == null
                ? Context.root()
                : W3C.extract(Context.root(), row.trace(), FROM_ROW);
        Span span = tracer.spanBuilder("send " + row.topic())
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, row.topic())
                .setAttribute(OPERATION, "send")
                .setAttribute(MESSAGE_ID, row.id())
                .setAttribute(EVENT_TYPE, row.type())
                .setAttribute(SEQ, row.seq())
                .startSpan();
        W3C.inject(parent.with(span), headers, INTO_HEADERS);
        return new Sending() {
            @Override
            public void sent() {
                span.end();
            }

            @Override
            public void failed(Throwable failure) {
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                span.recordException(failure);
                span.end();
            }
        };
    }
}
