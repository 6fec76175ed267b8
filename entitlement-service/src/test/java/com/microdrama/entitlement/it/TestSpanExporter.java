package com.microdrama.entitlement.it;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The span exporter of this module's tests: spans go into memory, where TracingIT reads them back, and Quarkus
 * installs no OTLP exporter (a SpanExporter bean replaces it), so tests never try to reach a collector. Only traces a
 * test asks for are recorded (sampled traceparent; the %test sampling ratio is 0).
 */
@Singleton
public class TestSpanExporter {
    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
