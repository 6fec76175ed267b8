package com.microdrama.support.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpServerHistogramTest {

    @Test
    void httpServerRequestsGetTheTenBucketsAndOtherTimersNone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(HttpServerHistogram.filter());
        Timer http = Timer.builder("http.server.requests").tag("uri", "/api/payments/wallet").register(registry);
        Timer other = Timer.builder("microdrama.other").register(registry);
        http.record(Duration.ofMillis(30));
        other.record(Duration.ofMillis(30));

        var buckets = http.takeSnapshot().histogramCounts();
        assertEquals(10, buckets.length);
        assertEquals(0.025, buckets[2].bucket(java.util.concurrent.TimeUnit.SECONDS), 1e-9);
        assertEquals(0, buckets[2].count());
        assertEquals(1, buckets[3].count(), "30 ms falls in the 50 ms bucket");
        assertEquals(0, other.takeSnapshot().histogramCounts().length);
    }
}
